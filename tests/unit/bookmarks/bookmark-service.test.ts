import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createBookmarkMirror } from '../../../lib/bookmarks/bookmark-mirror'
import { createBookmarkService, type UndoRecord } from '../../../lib/bookmarks/bookmark-service'
import { recordCid } from '../../../lib/bookmarks/record-cid'
import { createNamedMutexes } from '../../../lib/mutex'
import { openTendrilDb } from '../../../lib/storage/db'
import type { WriteEntry } from '../../../lib/writes/entry'
import { createJournal } from '../../../lib/writes/journal'
import { createFakePds } from '../writes/fake-pds'

// The bookmark service over the real journal and an in-memory PDS behind the real XRPC client:
// what each decision leaves in the reader's repo. Story tree (rkeys):  r ─ a ─ b ─ d
//                                                                         └ c
const READER = 'did:plc:reader'
const bud = (k: string) => `at://did:plc:author/ink.branchline.bud/3kq2z7xyz2${k}aa`
const TREE: Record<string, string[]> = { r: ['r'], a: ['r', 'a'], b: ['r', 'a', 'b'], c: ['r', 'a', 'c'], d: ['r', 'a', 'b', 'd'], x: ['x'] }
const pathOf = (k: string) => TREE[k]!.map(bud)
const BUD_CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'

let n = 0
function setup() {
  const pds = createFakePds()
  const db = openTendrilDb(`bookmarks-test-${n++}`)
  const clock = { now: Date.parse('2026-11-30T12:00:00.000Z') }
  let id = 0
  const journal = createJournal({
    db,
    clientFor: async () => pds.client,
    lock: createNamedMutexes(),
    wakeAt: () => undefined,
    now: () => clock.now,
    random: () => 0.5,
    newId: () => `3kqj${String(id++).padStart(9, '0')}`,
    answerTimeoutMs: 50,
    applied: (entry, outcome) => mirror.fromJournal(entry, outcome),
    conflicted: (entry) => void (redecided = service.redecide(entry, (id) => journal.discard(id))),
  })
  let redecided: Promise<void> = Promise.resolve()
  const mirror = createBookmarkMirror({ db, clientFor: async () => pds.client, now: () => clock.now })
  const undos = new Map<string, UndoRecord>()
  const gone = new Set<string>()
  let rkey = 0
  const service = createBookmarkService({
    journal,
    bookmarks: (did) => mirror.list(did),
    pathsOf: async (uris) => new Map(uris.map((uri) => [uri, gone.has(uri) ? null : (Object.values(TREE).map((p) => p.map(bud)).find((p) => p[p.length - 1] === uri) ?? null)])),
    subject: async (uri) => (gone.has(uri) ? undefined : { uri, cid: BUD_CID }),
    undos: { put: async (t, u) => void undos.set(t, u), take: async (t) => { const u = undos.get(t); undos.delete(t); return u } },
    resync: (did) => mirror.sync(did),
    newRkey: () => `3kqb${String(rkey++).padStart(9, '0')}`,
    newToken: () => `token-${Math.random().toString(36).slice(2)}-0000000000`,
    now: () => clock.now,
  })
  /** The reader's bookmarks at the PDS: rkey → subject key. */
  const stored = () =>
    Object.fromEntries(
      [...pds.records].filter(([k]) => k.startsWith(`${READER}/ink.branchline.bookmark/`)).map(([k, v]) => [k.split('/').pop(), (v.value as { subject: { uri: string } }).subject.uri]),
    )
  const settle = () => journal.drain()
  return { pds, journal, service, stored, settle, gone, clock, mirror, redecided: () => redecided }
}

describe('the bookmark service', () => {
  it('creates a bookmark with a Tendril-chosen rkey; again on the same bud is a duplicate and writes nothing', async () => {
    const { service, stored, settle, pds } = setup()
    expect(await service.bookmark(READER, pathOf('b'), 'B')).toMatchObject({ kind: 'created', budUri: bud('b') })
    await settle()
    expect(stored()).toEqual({ '3kqb000000000': bud('b') })
    const writes = pds.writesApplied
    expect(await service.bookmark(READER, pathOf('b'), 'B')).toEqual({ kind: 'duplicate', budUri: bud('b') })
    await settle()
    expect(pds.writesApplied).toBe(writes)
  })

  it('a descendant rewrites the thread’s bookmark in place (same rkey, swapRecord), an ancestor too; a sibling creates a second', async () => {
    const { service, stored, settle } = setup()
    await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    expect(await service.bookmark(READER, pathOf('d'), 'D')).toMatchObject({ kind: 'moved', from: 3 })
    await settle()
    expect(stored()).toEqual({ '3kqb000000000': bud('d') })
    expect(await service.bookmark(READER, pathOf('a'), 'A')).toMatchObject({ kind: 'moved', from: 4 })
    await settle()
    expect(stored()).toEqual({ '3kqb000000000': bud('a') })
    await service.bookmark(READER, pathOf('x'), 'X')
    await settle()
    expect(Object.values(stored()).sort()).toEqual([bud('a'), bud('x')].sort())
  })

  it('a rewrite decided while the create it rewrites is still unsent lands after it, over the CID Tendril computed', async () => {
    const { service, stored, settle, pds, clock } = setup()
    pds.fault({ kind: 'fail', status: 503 })
    await service.bookmark(READER, pathOf('b'), 'B') // its first send fails: still in the journal
    expect(stored()).toEqual({})
    expect(await service.bookmark(READER, pathOf('d'), 'D')).toMatchObject({ kind: 'moved' })
    await settle()
    expect(stored()).toEqual({}) // both wait out the 503's backoff, in order
    clock.now += 10 * 60_000
    await settle()
    expect(stored()).toEqual({ '3kqb000000000': bud('d') })
  })

  it('warm (bookmarks synced, the bud’s path known): a bookmark costs exactly one request, the write', async () => {
    const { service, settle, pds } = setup()
    await service.bookmark(READER, pathOf('x'), 'X') // first use: syncs the mirror
    await settle()
    const before = pds.calls.length
    await service.bookmark(READER, pathOf('c'), 'C')
    await settle()
    expect(pds.calls.slice(before)).toEqual(['com.atproto.repo.createRecord'])
    const again = pds.calls.length
    expect(await service.bookmark(READER, pathOf('a'), 'A')).toMatchObject({ kind: 'moved' }) // a move: one request too
    await settle()
    expect(pds.calls.slice(again)).toEqual(['com.atproto.repo.putRecord'])
  })

  it('a move whose bookmark changed elsewhere meanwhile (InvalidSwap) is decided once more on a fresh read', async () => {
    const { service, stored, settle, pds, journal, redecided } = setup()
    await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    // Another device moves that bookmark to another story (Tendril's mirror still says b).
    const key = `${READER}/ink.branchline.bookmark/3kqb000000000`
    const elsewhere = { $type: 'ink.branchline.bookmark', subject: { uri: bud('x'), cid: BUD_CID }, createdAt: '2026-11-30T13:00:00.000Z' }
    pds.records.set(key, { value: elsewhere, cid: await recordCid(elsewhere) })
    expect(await service.bookmark(READER, pathOf('d'), 'D')).toMatchObject({ kind: 'moved' }) // decided on the stale mirror
    await settle()
    await redecided()
    await settle()
    // Read again: the thread has no bookmark any more, so d gets its own; the other device's is left alone.
    expect(stored()).toEqual({ '3kqb000000000': bud('x'), '3kqb000000001': bud('d') })
    expect(await journal.list(READER)).toEqual([])
  })

  it('a write stopped as a conflict is not counted as landing: the PDS’s word stands', async () => {
    const { service, settle } = setup()
    await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    const record = { $type: 'ink.branchline.bookmark', subject: { uri: bud('d'), cid: BUD_CID }, createdAt: '2026-11-30T13:00:00.000Z' }
    const conflict: WriteEntry = {
      v: 1, id: 'c1', did: READER, feature: 'bookmark', label: 'Move', status: 'conflict', attempts: 1, nextAttemptAt: 0, maybeLanded: false, createdAt: 0,
      op: { kind: 'put', collection: 'ink.branchline.bookmark', rkey: '3kqb000000000', record, swapRecord: 'stale' },
    }
    const marks = await service.marks(READER, pathOf('d'), [conflict])
    expect(marks.map((m) => m.state)).toEqual(['elsewhere', 'elsewhere', 'bookmarked', 'elsewhere'])
  })

  it('two decisions at once on the same bud leave one bookmark', async () => {
    const { service, stored, settle } = setup()
    const outcomes = await Promise.all([service.bookmark(READER, pathOf('c'), 'C'), service.bookmark(READER, pathOf('c'), 'C')])
    await settle()
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'duplicate'])
    expect(Object.keys(stored())).toHaveLength(1)
  })

  it('undo of a create deletes it; undo of a move puts the previous subject back; undo of a removal restores it', async () => {
    const { service, stored, settle } = setup()
    const created = await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    await service.undo((created as { undo: string }).undo)
    await settle()
    expect(stored()).toEqual({})

    await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    const moved = await service.bookmark(READER, pathOf('d'), 'D')
    await settle()
    await service.undo((moved as { undo: string }).undo)
    await settle()
    expect(stored()).toEqual({ '3kqb000000001': bud('b') })

    const removed = await service.remove(READER, bud('b'), 'B')
    expect(removed.kind).toBe('removed')
    await settle()
    expect(stored()).toEqual({})
    await service.undo((removed as { undo: string }).undo)
    await settle()
    expect(stored()).toEqual({ '3kqb000000001': bud('b') })
  })

  it('an undo is used once and not after it expired', async () => {
    const { service, settle, clock } = setup()
    const created = (await service.bookmark(READER, pathOf('b'), 'B')) as { undo: string }
    await settle()
    expect(await service.undo(created.undo)).toBeDefined()
    expect(await service.undo(created.undo)).toBeUndefined()
    const again = (await service.bookmark(READER, pathOf('c'), 'C')) as { undo: string }
    clock.now += 3 * 60_000
    expect(await service.undo(again.undo)).toBeUndefined()
  })

  it('a bud that does not exist is SubjectNotFound, and nothing is written', async () => {
    const { service, settle, gone, pds } = setup()
    gone.add(bud('c'))
    await expect(service.bookmark(READER, pathOf('c'), 'C')).rejects.toMatchObject({ code: 'SubjectNotFound' })
    await settle()
    expect(pds.writesApplied).toBe(0)
  })

  it('removing a bud that is not bookmarked says so and writes nothing', async () => {
    const { service, pds } = setup()
    expect(await service.remove(READER, bud('b'), 'B')).toEqual({ kind: 'not-bookmarked', budUri: bud('b') })
    expect(pds.writesApplied).toBe(0)
  })

  it('marks: bookmarked, “at bud N” for the rest of the thread, nothing off it; a malformed record in the repo is skipped', async () => {
    const { service, settle, pds } = setup()
    pds.records.set(`${READER}/ink.branchline.bookmark/3kqzzzzzzzzzz`, { value: { subject: 'not a ref' }, cid: await recordCid({ x: 1 }) })
    await service.bookmark(READER, pathOf('b'), 'B')
    await settle()
    const marks = await service.marks(READER, pathOf('d'), [])
    expect(marks.map((m) => (m.state === 'elsewhere' ? `elsewhere@${m.bookmarkAt}` : m.state))).toEqual(['elsewhere@3', 'elsewhere@3', 'bookmarked', 'elsewhere@3'])
    const offThread = await service.marks(READER, pathOf('c'), [])
    expect(offThread.map((m) => (m.state === 'elsewhere' ? `elsewhere@${m.bookmarkAt}` : m.state))).toEqual(['elsewhere@3', 'elsewhere@3', 'none'])
  })

  it('lists every page of the reader’s bookmarks (more than one listRecords page)', async () => {
    const { service, pds } = setup()
    for (let i = 0; i < 130; i++) {
      const value = { $type: 'ink.branchline.bookmark', subject: { uri: bud('x').replace('xaa', `${String.fromCharCode(97 + (i % 26))}${i}`), cid: BUD_CID }, createdAt: '2026-01-01T00:00:00.000Z' }
      pds.records.set(`${READER}/ink.branchline.bookmark/3kqm${String(i).padStart(9, '0')}`, { value, cid: await recordCid(value) })
    }
    const value = { $type: 'ink.branchline.bookmark', subject: { uri: bud('b'), cid: BUD_CID }, createdAt: '2026-01-01T00:00:00.000Z' }
    pds.records.set(`${READER}/ink.branchline.bookmark/3kqa000000000`, { value, cid: await recordCid(value) }) // sorts last
    expect(await service.bookmark(READER, pathOf('b'), 'B')).toEqual({ kind: 'duplicate', budUri: bud('b') })
  })
})
