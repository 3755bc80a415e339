// The sandbox seed (tests/sandbox/seed/) writes real-shaped records of every collection Tendril
// reads. Plan them all in memory (a fake writer, a stubbed fetch for the eprints' blob upload and
// createRecord; nothing is sent) and check each against our lexicons, so a trimmed schema that
// rejects what the sandbox (and the peers it imitates) writes fails here, not in an e2e run.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { validateRecord, type RecordNsid } from '../../../lib/records/validate'
import type { AccountSession } from '../../sandbox/accounts.ts'
import { planBuds } from '../../sandbox/seed/buds.ts'
import { seedEprints } from '../../sandbox/seed/eprints.ts'
import { planSources } from '../../sandbox/seed/sources.ts'
import type { SeedWriter } from '../../sandbox/seed/writer.ts'

const CID = 'bafyreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm'
const BLOB = { $type: 'blob', ref: { $link: 'bafkreib6epubmabzlffdhckpmvsodmjuro6xuaei2qwevs3t52xnlhaatu' }, mimeType: 'application/pdf', size: 612 }
const NOW = Date.parse('2026-06-01T00:00:00.000Z')

const account = (name: string, i: number): AccountSession => ({
  handle: `${name}.test`,
  did: `did:plc:${String(i).repeat(24)}`,
  password: 'x',
  accessJwt: 'jwt',
  displayName: name,
})
const reader = account('reader', 1)
const writers = [account('ada', 2), account('basil', 3), account('cleo', 4)]

/** Collects what the seed would write, shaped as SeedWriter.plan shapes it ({$type, ...record}). */
function fakeWriter(written: { collection: string; value: Record<string, unknown> }[]): SeedWriter {
  let n = 0
  const plan = (owner: AccountSession, collection: string, record: Record<string, unknown>) => {
    written.push({ collection, value: { $type: collection, ...record } })
    return { uri: `at://${owner.did}/${collection}/3lbfmd6d${String(++n).padStart(5, '2')}`, cid: CID }
  }
  return { plan } as unknown as SeedWriter
}

/** Answers the eprints' uploadBlob and createRecord calls, keeping the records sent. */
function stubPds(written: { collection: string; value: Record<string, unknown> }[]) {
  let n = 0
  vi.stubGlobal('fetch', async (url: string, init: { body?: unknown }) => {
    if (String(url).includes('com.atproto.repo.uploadBlob')) return Response.json({ blob: BLOB })
    const body = JSON.parse(String(init.body)) as { repo: string; collection: string; record: Record<string, unknown> }
    written.push({ collection: body.collection, value: body.record })
    return Response.json({ uri: `at://${body.repo}/${body.collection}/3lbfmd6dnyw${++n}k`, cid: CID })
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('sandbox seed records', () => {
  it('all validate against our lexicons', async () => {
    const written: { collection: string; value: Record<string, unknown> }[] = []
    stubPds(written)
    const eprints = await seedEprints('http://localhost:2583', writers, NOW)
    const writer = fakeWriter(written)
    planBuds(writer, writers, NOW)
    planSources(writer, reader, writers, eprints, NOW)

    const checked = new Map<string, number>()
    const failures: string[] = []
    for (const { collection, value } of written) {
      if (collection === 'ink.branchline.pollen') continue // not a lexicon Tendril carries
      try {
        validateRecord(collection as RecordNsid, value)
        checked.set(collection, (checked.get(collection) ?? 0) + 1)
      } catch (err) {
        failures.push(`${collection}: ${(err as Error).message}`)
      }
    }
    expect(failures).toEqual([])
    expect([...checked.keys()].sort()).toEqual([
      'app.bsky.feed.post',
      'com.whtwnd.blog.entry',
      'ink.branchline.bud',
      'network.cosmik.card',
      'network.cosmik.collection',
      'network.cosmik.collectionLink',
      'pub.chive.eprint.submission',
      'pub.leaflet.document',
    ])
  })
})
