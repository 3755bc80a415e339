import 'fake-indexeddb/auto'
import { IdResolver } from '@atproto/identity'
import { TID } from '@atproto/common-web'
import { createBranchlineClient } from '../lib/appview/branchline-client.ts'
import { createBookmarkMirror } from '../lib/bookmarks/bookmark-mirror.ts'
import { createBookmarkService } from '../lib/bookmarks/bookmark-service.ts'
import { decideBookmark, type PlacedBookmark } from '../lib/bookmarks/decide.ts'
import { createBudPaths } from '../lib/branchline/bud-paths.ts'
import { createPdsWalk } from '../lib/branchline/pds-walk.ts'
import { createPdsLocator } from '../lib/identity/pds-of.ts'
import { createNamedMutexes } from '../lib/mutex.ts'
import { createBudPageService } from '../lib/pages/bud-page-service.ts'
import { budPageUrl } from '../lib/sites/branchline.ts'
import { openTendrilDb } from '../lib/storage/db.ts'
import { createJournal } from '../lib/writes/journal.ts'
import { TendrilXrpc } from '../lib/xrpc/tendril-xrpc.ts'
import type { SandboxAccount, SandboxReady } from '../tests/sandbox/types.ts'
import { session } from '../tests/setup/repo.ts'

// Bookmarks on the sandbox, in Node with Tendril's own services (the worker's code, over
// fake-indexeddb), every HTTP request counted as it leaves:
// - requests per bookmark, warm (the bud's page was visited: path and CID cached, bookmarks synced)
//   and cold (a link to a bud never visited: getBranch + getBuds, then the write), at depths 1, 50
//   and 200 of the seed's deep branch, beside the naive way — walking `parent` strongRefs at the
//   author's PDS (one getRecord per bud, plus the DID document) — measured in the same run;
// - the one-per-thread decision over 10 000 cached buds at depth 1 000 (target ≤ 1 ms median),
//   beside a naive scan (path.includes for every bookmark);
// - a sync of 1 000 bookmarks from the PDS: requests and time.
// The writes are real (the journal, a password session of a seed writer, never the reader).

export interface BookmarkFigures {
  requests: Array<{ depth: number; warm: number; cold: number; naive: number }>
  decision: { samples: number[]; naive: number[]; buds: number; depth: number; bookmarks: number }
  sync: { records: number; requests: number; ms: number }
}

async function passwordClient(pdsUrl: string, account: SandboxAccount, counted: typeof fetch): Promise<TendrilXrpc> {
  const accessJwt = await session(pdsUrl, account)
  return new TendrilXrpc({
    service: pdsUrl,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers)
      headers.set('authorization', `Bearer ${accessJwt}`)
      return counted(input, { ...init, headers })
    },
  })
}

/** Deletes every bookmark of `account` (applyWrites, 200 at a time). */
async function clear(client: TendrilXrpc, did: string): Promise<void> {
  for (;;) {
    const { data } = await client.com.atproto.repo.listRecords({ repo: did, collection: 'ink.branchline.bookmark', limit: 100 })
    if (!data.records.length) return
    await client.com.atproto.repo.applyWrites({
      repo: did,
      writes: data.records.map((r) => ({ $type: 'com.atproto.repo.applyWrites#delete', collection: 'ink.branchline.bookmark', rkey: r.uri.split('/').pop()! })),
    })
  }
}

export async function benchBookmarks(ready: SandboxReady, progress: (msg: string) => void): Promise<BookmarkFigures> {
  let count = 0
  const counted: typeof fetch = (input, init) => {
    count++
    return fetch(input, init)
  }
  const measure = async (run: () => Promise<unknown>) => {
    const before = count
    await run()
    return count - before
  }
  const account = ready.seed.writers[ready.seed.writers.length - 1]!
  const writer = await passwordClient(ready.pdsUrl, account, counted)
  await clear(writer, account.did)
  const branchline = createBranchlineClient({ baseUrl: ready.branchlineUrl, fetch: counted })
  const idResolver = new IdResolver({ plcUrl: ready.plcUrl, fetch: counted as never })
  // Each DID document is read once per walk (as any client would cache it within one task).
  const pdsLocator = createPdsLocator({ resolve: async (did) => ({ didDoc: (await idResolver.did.resolve(did)) as never }) })
  const pdsOf = () => {
    const seen = new Map<string, Promise<string | undefined>>()
    return (did: string) => seen.get(did) ?? (seen.set(did, pdsLocator(did)), seen.get(did)!)
  }

  /** The worker's services over a fresh database (a reader who never visited anything). */
  const fresh = () => {
    const db = openTendrilDb(`bench-bookmarks-${TID.nextStr()}`)
    const mirror = createBookmarkMirror({ db, clientFor: async () => writer })
    const journal = createJournal({
      db,
      clientFor: async () => writer,
      lock: createNamedMutexes(),
      wakeAt: () => undefined,
      newId: () => TID.nextStr(),
      applied: (entry, outcome) => mirror.fromJournal(entry, outcome),
    })
    const paths = createBudPaths({ db, branchline, walk: createPdsWalk({ pdsOf: pdsOf(), fetch: counted }) })
    const pages = createBudPageService({ branchline, resolveHandle: async () => account.did, remember: (p, v) => paths.remember(p, v) })
    const service = createBookmarkService({
      journal,
      bookmarks: (did) => mirror.list(did),
      pathsOf: (uris) => paths.pathsOf(uris),
      subject: (uri) => paths.subject(uri),
      undos: { put: async () => undefined, take: async () => undefined },
      newRkey: () => TID.nextStr(),
      newToken: () => crypto.randomUUID(),
    })
    return { mirror, journal, pages, service }
  }

  const deep = await branchline.getBranch(ready.seed.buds.deepBranch.leaf)
  const requests: BookmarkFigures['requests'] = []
  for (const depth of [1, 50, 200]) {
    progress(`requests per bookmark at depth ${depth}`)
    const uri = deep[depth - 1]!
    // Cold: a link to a bud never visited (the context menu): describe it, then bookmark it.
    let s = fresh()
    await s.mirror.sync(account.did)
    const cold = await measure(async () => {
      const state = await s.pages.describe(budPageUrl(uri)!)
      if (state.kind !== 'bud') throw new Error(`bench: ${uri} is not a bud the AppView knows`)
      await s.service.bookmark(account.did, state.bud.path, state.bud.title)
      await s.journal.drain(account.did)
    })
    await clear(writer, account.did)
    // Warm: the page was visited (uncounted), then the click.
    s = fresh()
    await s.mirror.sync(account.did)
    const visited = await s.pages.describe(budPageUrl(uri)!)
    if (visited.kind !== 'bud') throw new Error('bench: the visit found no bud')
    const warm = await measure(async () => {
      await s.service.bookmark(account.did, visited.bud.path, visited.bud.title)
      await s.journal.drain(account.did)
    })
    await clear(writer, account.did)
    // Naive: walk the parents at the PDS (no AppView, no cache), then the same one write.
    const walk = createPdsWalk({ pdsOf: pdsOf(), fetch: counted })
    const naive = await measure(async () => {
      const walked = await walk.walk(uri, async () => undefined)
      if (walked.path?.length !== depth) throw new Error(`bench: the walk found depth ${walked.path?.length}, not ${depth}`)
    })
    requests.push({ depth, warm, cold, naive: naive + 1 })
  }

  progress('the decision over 10 000 cached buds at depth 1 000')
  const decision = benchDecision()

  progress('a sync of 1 000 bookmarks')
  const subject = { uri: deep[0]!, cid: (await branchline.getBuds([deep[0]!]))[0]!.cid }
  for (let i = 0; i < 1000; i += 200) {
    await writer.com.atproto.repo.applyWrites({
      repo: account.did,
      writes: Array.from({ length: 200 }, (_, j) => ({
        $type: 'com.atproto.repo.applyWrites#create',
        collection: 'ink.branchline.bookmark',
        value: { $type: 'ink.branchline.bookmark', subject, createdAt: new Date(Date.UTC(2026, 0, 1) + (i + j) * 1000).toISOString() },
      })),
    })
  }
  const s = fresh()
  const t = performance.now()
  let records = 0
  const syncRequests = await measure(async () => (records = (await s.mirror.sync(account.did)).read))
  const sync = { records, requests: syncRequests, ms: performance.now() - t }
  await clear(writer, account.did)
  return { requests, decision, sync }
}

/** A story of 10 000 buds: a trunk 1 000 deep with branches off it, and 200 bookmarks placed on
 * it; the decision for the trunk's tip, timed over many runs, beside a naive includes() scan. */
function benchDecision(): BookmarkFigures['decision'] {
  const uri = (i: number) => `at://did:plc:bench/ink.branchline.bud/b${i}`
  const trunk = Array.from({ length: 1000 }, (_, i) => uri(i))
  const paths: string[][] = trunk.map((_, i) => trunk.slice(0, i + 1))
  for (let n = 1000; n < 10_000; n++) {
    const fork = (n * 7919) % 1000
    paths.push([...trunk.slice(0, fork + 1), uri(n)])
  }
  const bookmarks: PlacedBookmark[] = Array.from({ length: 200 }, (_, i) => {
    const path = paths[(i * 48271) % paths.length]!
    return { rkey: `r${i}`, cid: 'c', subject: { uri: path.at(-1)!, cid: 'c' }, createdAt: new Date(i * 1000).toISOString(), path }
  })
  const target = paths[999]!
  const naiveDecide = (path: string[], marks: PlacedBookmark[]) =>
    marks.filter((b) => b.path && (path.includes(b.subject.uri) || b.path.includes(path.at(-1)!)))
  const time = (run: () => unknown) =>
    Array.from({ length: 200 }, () => {
      const t = performance.now()
      run()
      return performance.now() - t
    })
  return { samples: time(() => decideBookmark(target, bookmarks)), naive: time(() => naiveDecide(target, bookmarks)), buds: paths.length, depth: target.length, bookmarks: bookmarks.length }
}
