// What the Chive stand-in holds at start for the busy eprint (tests/sandbox/seed/chive-backlinks.ts),
// and the store's reset back to exactly that (tests/sandbox/chive-store.ts). Against the running
// sandbox: tests/integration/sandbox/ready.test.ts and chive.test.ts.
import { describe, expect, it } from 'vitest'
import { BacklinkStore } from '../../sandbox/chive-store.ts'
import { BUSY_BACKLINKS, planChiveBacklinks } from '../../sandbox/seed/chive-backlinks.ts'

const DAY = 86_400_000
const now = Date.parse('2026-06-01T12:00:00Z')
const since = new Date(now - 60 * DAY).toISOString()
const targetUri = 'at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/pub.chive.eprint.submission/3kabcdefghijk'
const plan = (avoid: Set<string> = new Set()) => planChiveBacklinks({ targetUri, since, now, avoid })

describe('planChiveBacklinks', () => {
  it('plans more than one list page (100 at most) of distinct DID-based sources for the target', () => {
    const rows = plan()
    expect(rows).toHaveLength(BUSY_BACKLINKS)
    expect(BUSY_BACKLINKS).toBeGreaterThan(100)
    expect(new Set(rows.map((r) => r.sourceUri)).size).toBe(rows.length)
    for (const r of rows) {
      expect(r.targetUri).toBe(targetUri)
      expect(r.sourceUri.startsWith(`at://${r.sourceDid}/`)).toBe(true)
      expect(r.sourceDid).toMatch(/^did:plc:[a-z2-7]{24}$/)
      expect(r.context!.length).toBeGreaterThan(0)
      expect(r.context!.length).toBeLessThanOrEqual(500)
    }
  })

  it('is the same at every start (seeded), so a failure can be replayed', () => {
    expect(plan()).toEqual(plan())
  })

  it('is mostly what Chive’s indexer finds: Semble cards, then documents and other', () => {
    const rows = plan()
    const n = (type: string) => rows.filter((r) => r.sourceType === type).length
    expect(n('cosmik.collection') + n('leaflet.list') + n('other')).toBe(rows.length)
    expect(n('cosmik.collection')).toBeGreaterThan(n('leaflet.list'))
    expect(n('leaflet.list')).toBeGreaterThan(0)
    expect(n('other')).toBeGreaterThan(0)
    // Chive's Semble indexer names the card, not the collection.
    for (const r of rows.filter((r) => r.sourceType === 'cosmik.collection')) expect(r.sourceUri).toContain('/network.cosmik.card/')
  })

  it('indexes them oldest first, after the eprint existed and before now, spread over its life', () => {
    const times = plan().map((r) => Date.parse(r.indexedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times[0]).toBeGreaterThan(Date.parse(since))
    expect(times.at(-1)).toBeLessThan(now)
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(30 * DAY)
  })

  it('refuses to plan a seeded record as one of Chive’s findings', () => {
    const taken = plan()[7]!.sourceUri
    expect(() => plan(new Set([taken]))).toThrow(taken)
  })
})

describe('BacklinkStore with seeded rows', () => {
  const seeded = plan()
  const write = { sourceUri: 'at://did:plc:bbbbbbbbbbbbbbbbbbbbbbbb/app.bsky.feed.post/3kzzzzzzzzzzz', sourceType: 'bluesky.post', sourceDid: 'did:plc:bbbbbbbbbbbbbbbbbbbbbbbb', targetUri }

  it('starts with them, numbered oldest first, keeping their indexedAt', () => {
    const store = new BacklinkStore(seeded)
    const rows = store.all()
    expect(rows.map((r) => r.id)).toEqual(seeded.map((_, i) => i + 1))
    expect(rows.map((r) => [r.sourceUri, r.indexedAt, r.deleted])).toEqual(seeded.map((s) => [s.sourceUri, s.indexedAt, false]))
    expect(store.counts(targetUri).total).toBe(seeded.length)
  })

  it('reset forgets what was written since and brings the seeded rows back as they were', () => {
    const store = new BacklinkStore(seeded)
    const before = structuredClone(store.all())
    store.upsert(write)
    store.markDeleted(seeded[0]!.sourceUri)
    store.upsert({ ...seeded[1]!, targetUri: 'at://elsewhere' })
    expect(store.counts(targetUri).total).toBe(seeded.length - 1)

    store.reset()
    expect(store.all()).toEqual(before)
    // Ids count on from the seeded ones again, as at start.
    expect(store.upsert(write).id).toBe(seeded.length + 1)
  })

  it('without seeded rows, reset empties the store', () => {
    const store = new BacklinkStore()
    store.upsert(write)
    store.reset()
    expect(store.all()).toEqual([])
  })

  it('refuses seeded rows Chive could not hold: a sourceUri twice', () => {
    expect(() => new BacklinkStore([seeded[0]!, seeded[0]!])).toThrow(/twice/)
  })
})
