// Seeds the sandbox through the PDS's public XRPC API with each account's own session (never by
// writing to the PDS's databases), and returns the manifest tests and the page server read.
import { createSandboxAccounts, type AccountSession } from '../accounts.ts'
import type { SeededBacklink } from '../chive-store.ts'
import type { SandboxAccount, SeedManifest } from '../types.ts'
import { planBuds, planPollen } from './buds.ts'
import { planChiveBacklinks } from './chive-backlinks.ts'
import { seedEprints } from './eprints.ts'
import { planSources } from './sources.ts'
import { SeedWriter } from './writer.ts'

export const BLOG_URL = 'https://reading-notes.example/'

const publicAccount = (a: AccountSession): SandboxAccount => ({ handle: a.handle, did: a.did, password: a.password })

export interface SeedResult {
  manifest: SeedManifest
  /** What the Chive stand-in holds at start (its indexer's findings; not records at the PDS). */
  chiveBacklinks: SeededBacklink[]
  /** Live sessions, for in-process users of startSandbox (not part of the ready line). */
  sessions: { reader: AccountSession; writers: AccountSession[] }
  counts: { records: number; pollen: number }
}

export async function seedSandbox(
  pdsUrl: string,
  adminAuth: string,
  log: (msg: string) => void = () => {},
): Promise<SeedResult> {
  const now = Date.now()
  let t = performance.now()
  const lap = (what: string) => {
    const next = performance.now()
    log(`seed: ${what} in ${Math.round(next - t)} ms`)
    t = next
  }

  const { reader, writers } = await createSandboxAccounts(pdsUrl, adminAuth)
  lap('accounts')
  const eprints = await seedEprints(pdsUrl, writers, now)
  lap(`${eprints.length} eprints`)

  const writer = new SeedWriter(pdsUrl)
  const buds = planBuds(writer, writers, now)
  const pollen = planPollen(writer, writers, buds.all, now)
  const { sources, decoys, privateSources } = planSources(writer, reader, writers, eprints, now)
  const records = await writer.flush()
  lap(`${records} records (${buds.buds.total} buds, ${pollen} pollen, ${sources.length} sources, ${decoys.length} decoys, ${privateSources.length} private)`)

  // The busy eprint: the last one, which no source cites (only decoys name it), so the backlinks
  // Chive already holds for it never mix with what tests and Tendril write for the others.
  const busy = eprints.at(-1)!
  if ([...sources, ...privateSources].some((s) => s.cites.includes(busy.uri))) throw new Error('seed: the busy eprint must not be cited by a seeded source')
  const chiveBacklinks = planChiveBacklinks({
    targetUri: busy.uri,
    since: busy.createdAt,
    now,
    avoid: new Set([...sources, ...decoys, ...privateSources].map((s) => s.uri)),
  })

  return {
    manifest: {
      reader: publicAccount(reader),
      writers: writers.map(publicAccount),
      stories: buds.stories,
      buds: buds.buds,
      eprints: eprints.map((e) => ({ uri: e.uri, title: e.title, pageUrl: e.pageUrl })),
      sources,
      decoys,
      privateSources,
      busyEprint: { uri: busy.uri, backlinks: chiveBacklinks.length },
      blogUrl: BLOG_URL,
    },
    chiveBacklinks,
    sessions: { reader, writers },
    counts: { records: records + eprints.length, pollen },
  }
}
