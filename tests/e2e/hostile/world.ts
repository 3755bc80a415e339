// What the hostile pages are built from: the sandbox, the extension's id, the buds they aim at,
// and two buds with hostile titles and text written for this suite (created as real records
// through the PDS's XRPC API as a sandbox writer, deleted afterwards, so the seed other tests
// count stays as it is).

import { LOOPBACK_REDIRECT_URI } from '../../../lib/atproto/oauth/client-metadata.ts'
import { parseBudUri } from '../../../lib/sites/branchline.ts'
import { AtUri } from '@atproto/syntax'
import { xrpc } from '../../sandbox/xrpc.ts'
import { control } from '../../setup/sandbox.ts'
import { clearBookmarks } from '../../setup/repo.ts'
import type { SandboxAccount, SandboxReady } from '../../sandbox/types.ts'
import { HOSTILE_BUD_TEXT, HOSTILE_BUD_TITLE, HOSTILE_STORY_TEXT, HOSTILE_STORY_TITLE } from './payloads.ts'

export interface World {
  sandbox: SandboxReady
  extensionId: string
  /** Where the worker expects the OAuth redirect (the product's own constant). */
  loopbackCallback: string
  /** A forged redirect to it for one page: a state Tendril never issued, different for every page
   * (a handler that remembers states it has seen must not make later pages pass for that reason). */
  forgedCallback(page: string): string
  buds: {
    /** The bud most pages are served at. */
    plain: string
    /** A bud of another story: what a spoofing page claims to show. */
    other: string
    /** Where the pushState storm ends. */
    final: string
    /** The flood's own bud: a worker still working through a flood must not make the next page,
     * at `plain`, look as if it had asked about `plain` too often. */
    flood: string
    /** A bud whose title and text (and its story's title) are hostile markup. */
    hostile: string
  }
  /** Each bud above → the root of its story (the worker asks getBuds for [bud, root]). */
  roots: Record<string, string>
  /** The author of `buds.plain`, to address buds by handle. */
  plainAuthor: SandboxAccount
  /** Every account this suite may sign in (the "while signing in" pages sign in the reader and the
   * writers), with their passwords: a bookmark list the worker asks the PDS for must be one of
   * theirs, and the suite reads and tidies their repos straight at the PDS. */
  accounts: SandboxAccount[]
  /** The source page the backlink prompt's pages are served at: a writer's Bluesky post (Basil's,
   * with a link card to an eprint: not an account the suite leaves active, and no other test file
   * backlinks it), citing exactly one eprint, which Chive does not list it for (the suite resets
   * Chive's backlinks at its start and end). */
  source: { uri: string; pageUrl: string; eprint: string; owner: string }
}

const BUD = 'ink.branchline.bud'

async function branchOf(sandbox: SandboxReady, uri: string): Promise<string[]> {
  const out = await xrpc<{ buds: string[] }>(sandbox.branchlineUrl, 'ink.branchline.getBranch', { params: { bud: uri } })
  return out.buds
}

/** Writes the hostile story (a root and one bud under it) as a writer; returns the bud and a
 * function that deletes both. */
async function writeHostileStory(sandbox: SandboxReady): Promise<{ bud: string; root: string; remove(): Promise<void> }> {
  const writer = sandbox.seed.writers[0]!
  const session = await xrpc<{ accessJwt: string; did: string }>(sandbox.pdsUrl, 'com.atproto.server.createSession', {
    body: { identifier: writer.handle, password: writer.password },
  })
  const create = (record: Record<string, unknown>) =>
    xrpc<{ uri: string; cid: string }>(sandbox.pdsUrl, 'com.atproto.repo.createRecord', {
      token: session.accessJwt,
      body: { repo: session.did, collection: BUD, record: { $type: BUD, createdAt: new Date().toISOString(), ...record } },
    })
  const root = await create({ title: HOSTILE_STORY_TITLE, text: HOSTILE_STORY_TEXT })
  const bud = await create({ title: HOSTILE_BUD_TITLE, text: HOSTILE_BUD_TEXT, parent: { uri: root.uri, cid: root.cid } })
  const remove = async () => {
    for (const uri of [bud.uri, root.uri]) {
      await xrpc(sandbox.pdsUrl, 'com.atproto.repo.deleteRecord', {
        token: session.accessJwt,
        body: { repo: session.did, collection: BUD, rkey: parseBudUri(uri)!.rkey },
      }).catch(() => undefined)
    }
  }
  return { bud: bud.uri, root: root.uri, remove }
}

export async function createWorld(sandbox: SandboxReady, extensionId: string): Promise<{ world: World; cleanup(): Promise<void> }> {
  const seed = sandbox.seed
  const accounts = [seed.reader, ...seed.writers]
  // Other test files bookmark as these accounts and may leave records behind. With none, a signed-in
  // bud page makes the worker list one empty page of bookmarks and look up no bookmarked bud's
  // path: each page's allowances stay exact (pages.ts, bookmarkLists).
  for (const account of accounts) await clearBookmarks(sandbox.pdsUrl, account)
  // Chive as seeded: no backlink from the suite's source post (another test file may have made one).
  await control('POST', '/chive/reset')
  const source = seed.sources.find((s) => s.owner === 'writer' && s.sourceType === 'bluesky.embed' && s.how === 'external-embed' && s.cites.length === 1)
  if (!source) throw new Error('the seed has no writer’s Bluesky post with a link card to one eprint')
  const sourceOwner = accounts.find((a) => a.did === new AtUri(source.uri).host)!
  const hostile = await writeHostileStory(sandbox)
  const plain = seed.buds.demo
  const plainRoot = (await branchOf(sandbox, plain))[0]!
  // Another story's root: a bud the plain page's branch does not contain.
  const other = seed.stories.map((s) => s.root).find((root) => root !== plainRoot)!
  const final = seed.buds.deepBranch.leaf
  const flood = [...seed.buds.siblings, ...seed.buds.cousins].find((uri) => ![plain, other, final].includes(uri))!
  const roots: Record<string, string> = {}
  for (const uri of [plain, other, final, flood, hostile.bud]) {
    // The Branchline stand-in reads the PDS per request: the new records are there at once.
    const branch = await branchOf(sandbox, uri)
    if (branch.at(-1) !== uri) throw new Error(`the Branchline stand-in does not know ${uri}`)
    roots[uri] = branch[0]!
  }
  const plainDid = parseBudUri(plain)!.did
  const plainAuthor = [seed.reader, ...seed.writers].find((a) => a.did === plainDid)!
  const iss = encodeURIComponent(sandbox.pdsUrl)
  const run = Math.random().toString(36).slice(2, 8)
  const forgedCallback = (page: string) => `${LOOPBACK_REDIRECT_URI}?state=forged-${page}-${run}&code=x&iss=${iss}`
  return {
    world: {
      sandbox,
      extensionId,
      loopbackCallback: LOOPBACK_REDIRECT_URI,
      forgedCallback,
      buds: { plain, other, final, flood, hostile: hostile.bud },
      roots,
      plainAuthor,
      accounts,
      source: { uri: source.uri, pageUrl: source.pageUrl, eprint: source.cites[0]!, owner: sourceOwner.did },
    },
    cleanup: async () => {
      // The baseline's backlink gone again, for the test files after this one.
      await control('POST', '/chive/reset').catch(() => undefined)
      await hostile.remove()
      // Empty again at the end, even after a page that failed midway (with a bookmark written).
      for (const account of accounts) await clearBookmarks(sandbox.pdsUrl, account).catch(() => undefined)
    },
  }
}
