// Seeds the sandbox through the PDS's public XRPC API with each account's own session (never by
// writing to the PDS's databases), and returns the manifest tests and the page server read.
import { createSandboxAccounts, type AccountSession } from '../accounts.ts'
import type { SandboxAccount, SeedManifest } from '../types.ts'
import { planBuds, planPollen } from './buds.ts'
import { seedEprints } from './eprints.ts'
import { planSources } from './sources.ts'
import { SeedWriter } from './writer.ts'

export const BLOG_URL = 'https://reading-notes.example/'

const publicAccount = (a: AccountSession): SandboxAccount => ({ handle: a.handle, did: a.did, password: a.password })

export interface SeedResult {
  manifest: SeedManifest
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
  const { sources, decoys } = planSources(writer, reader, writers, eprints, now)
  const records = await writer.flush()
  lap(`${records} records (${buds.buds.total} buds, ${pollen} pollen, ${sources.length} sources, ${decoys.length} decoys)`)

  return {
    manifest: {
      reader: publicAccount(reader),
      writers: writers.map(publicAccount),
      stories: buds.stories,
      buds: buds.buds,
      eprints: eprints.map((e) => ({ uri: e.uri, title: e.title, pageUrl: e.pageUrl })),
      sources,
      decoys,
      blogUrl: BLOG_URL,
    },
    sessions: { reader, writers },
    counts: { records: records + eprints.length, pollen },
  }
}
