import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createBookmarkMirror, FRESH_FOR_DECISION_MS } from '../../../lib/bookmarks/bookmark-mirror'
import { recordCid } from '../../../lib/bookmarks/record-cid'
import { openTendrilDb } from '../../../lib/storage/db'
import type { WriteEntry } from '../../../lib/writes/entry'
import { createFakePds } from '../writes/fake-pds'

const READER = 'did:plc:reader'
const OTHER = 'did:plc:other'
const BUD_CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
const bud = (n: number) => `at://did:plc:author/ink.branchline.bud/3kq2z7xyz${String(n).padStart(4, '0')}`
const value = (n: number) => ({ $type: 'ink.branchline.bookmark', subject: { uri: bud(n), cid: BUD_CID }, createdAt: '2026-01-01T00:00:00.000Z' })
let n = 0

async function setup() {
  const pds = createFakePds()
  const clock = { now: 1_000_000 }
  const mirror = createBookmarkMirror({ db: openTendrilDb(`mirror-${n++}`), clientFor: async () => pds.client, now: () => clock.now })
  const put = async (did: string, rkey: string, v: unknown) => pds.records.set(`${did}/ink.branchline.bookmark/${rkey}`, { value: v, cid: await recordCid(v as Record<string, unknown>) })
  const lists = () => pds.calls.filter((c) => c === 'com.atproto.repo.listRecords').length
  return { pds, clock, mirror, put, lists }
}

describe('the bookmark mirror', () => {
  it('syncs every page, skips and counts what is not a bookmark on a bud, and keeps accounts apart', async () => {
    const { mirror, put } = await setup()
    for (let i = 0; i < 250; i++) await put(READER, `3kqr${String(i).padStart(9, '0')}`, value(i))
    await put(READER, '3kqzzzzzzzz01', { $type: 'ink.branchline.bookmark', subject: { uri: 'at://did:plc:x/app.bsky.feed.post/3k', cid: BUD_CID }, createdAt: '2026-01-01T00:00:00.000Z' })
    await put(READER, '3kqzzzzzzzz02', { subject: 42 })
    await put(OTHER, '3kqo000000000', value(999))
    const seen: number[] = []
    expect(await mirror.sync(READER, (p) => seen.push(p.read))).toEqual({ read: 252, skipped: 2 })
    expect(seen).toEqual([100, 200, 252]) // "n so far", page by page
    expect(await mirror.list(READER)).toHaveLength(250)
    expect(await mirror.skipped(READER)).toBe(2)
    expect((await mirror.list(OTHER)).map((b) => b.subject.uri)).toEqual([bud(999)])
  })

  it('a decision within 5 minutes of a sync reads nothing; after that it syncs first, so deleted ones vanish', async () => {
    const { mirror, put, lists, clock, pds } = await setup()
    await put(READER, '3kqr000000001', value(1))
    await mirror.list(READER)
    expect(lists()).toBe(1)
    pds.records.clear() // deleted from another device
    clock.now += FRESH_FOR_DECISION_MS
    expect(await mirror.list(READER)).toHaveLength(1)
    expect(lists()).toBe(1)
    clock.now += 1
    expect(await mirror.list(READER)).toEqual([])
    expect(lists()).toBe(2)
  })

  it('follows Tendril’s own writes from their answers, with no read', async () => {
    const { mirror, lists } = await setup()
    await mirror.sync(READER)
    const entry = (op: WriteEntry['op']): WriteEntry => ({ v: 1, id: 'x', did: READER, feature: 'bookmark', label: '', op, status: 'pending', attempts: 0, nextAttemptAt: 0, maybeLanded: false, createdAt: 0 })
    await mirror.fromJournal(entry({ kind: 'create', collection: 'ink.branchline.bookmark', rkey: '3kqa', record: value(1) }), { cid: 'bafy-answer' })
    expect(await mirror.list(READER)).toEqual([{ rkey: '3kqa', cid: 'bafy-answer', subject: value(1).subject, createdAt: value(1).createdAt }])
    await mirror.fromJournal(entry({ kind: 'put', collection: 'ink.branchline.bookmark', rkey: '3kqa', record: value(2), swapRecord: 'bafy-answer' }), {})
    expect((await mirror.list(READER))[0]).toMatchObject({ subject: value(2).subject, cid: await recordCid(value(2)) })
    await mirror.fromJournal(entry({ kind: 'delete', collection: 'ink.branchline.bookmark', rkey: '3kqa' }), {})
    expect(await mirror.list(READER)).toEqual([])
    await mirror.fromJournal(entry({ kind: 'create', collection: 'app.other.thing', rkey: '3kqb', record: value(3) }), { cid: 'c' })
    expect(await mirror.list(READER)).toEqual([])
    expect(lists()).toBe(1)
  })

  it('signing out clears the account’s mirror (and only that account’s)', async () => {
    const { mirror, put, lists } = await setup()
    await put(READER, '3kqr000000001', value(1))
    await put(OTHER, '3kqo000000001', value(2))
    await mirror.sync(READER)
    await mirror.sync(OTHER)
    await mirror.clear(READER)
    expect(await mirror.syncedAt(READER)).toBeUndefined()
    expect(await mirror.syncedAt(OTHER)).toBeDefined()
    await mirror.list(OTHER)
    expect(lists()).toBe(2)
  })
})
