import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createNamedMutexes } from '../../../lib/mutex'
import { openTendrilDb } from '../../../lib/storage/db'
import { FIRST_DELAY_MS } from '../../../lib/writes/backoff'
import type { WriteEntry, WriteOp } from '../../../lib/writes/entry'
import { createJournal, RESUME_AFTER_MS, type LockFn } from '../../../lib/writes/journal'
import { createFakePds } from './fake-pds'

const READER = 'did:plc:reader'
const ADA = 'did:plc:ada'
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
const bookmark = (n: number) => ({
  $type: 'ink.branchline.bookmark',
  subject: { uri: `at://did:plc:writer/ink.branchline.bud/3kq2z7xyz2k${n}a`, cid: CID },
  createdAt: '2026-11-30T12:00:00.000Z',
})
const create = (rkey: string, n = 1): WriteOp => ({ kind: 'create', collection: 'ink.branchline.bookmark', rkey, record: bookmark(n) })

let dbn = 0
/** A journal over a fresh database (or `db`, to play a woken worker), a fake PDS and a clock. */
function setup(options: { db?: ReturnType<typeof openTendrilDb>; pds?: ReturnType<typeof createFakePds>; lock?: LockFn; signedOut?: Set<string>; unreachable?: Set<string> } = {}) {
  const db = options.db ?? openTendrilDb(`journal-test-${dbn++}`)
  const pds = options.pds ?? createFakePds()
  const clock = { now: 1_000_000 }
  const wakes: Array<number | null> = []
  const clientsAskedFor: string[] = []
  const signedOut = options.signedOut ?? new Set<string>()
  const lock: LockFn = options.lock ?? createNamedMutexes()
  let id = 0
  const journal = createJournal({
    db,
    clientFor: async (did) => {
      clientsAskedFor.push(did)
      if (signedOut.has(did)) throw Object.assign(new Error('Your session ended. Sign in again.'), { code: 'SessionExpired' })
      if (options.unreachable?.has(did)) throw Object.assign(new Error('Could not reach your account’s server (PDS).'), { code: 'PdsUnreachable' })
      return pds.client
    },
    lock,
    wakeAt: (at) => void wakes.push(at),
    now: () => clock.now,
    random: () => 0.5,
    newId: () => `3kq${String(clock.now).padStart(10, '0')}${String(id++).padStart(4, '0')}`,
    answerTimeoutMs: 50,
  })
  /** Enters writes as a feature would (no decision logic), for `did`. */
  const enter = async (did: string, ...ops: WriteOp[]) =>
    (await journal.decide(did, async () => ({ writes: ops.map((op) => ({ feature: 'test', label: `Write ${op.kind === 'service' ? op.key : op.rkey}`, op })), answer: null }))).entries
  return { journal, db, pds, clock, wakes, clientsAskedFor, signedOut, enter }
}

/** Lets the drain that `decide` starts (not awaited) finish. */
const settleDrains = (journal: ReturnType<typeof createJournal>) => journal.drain()

describe('the write journal', () => {
  it('enters a write before sending it, sends it, and removes it once the PDS confirmed it', async () => {
    const { journal, pds, enter } = setup()
    const [entry] = await enter(READER, create('3kqaaa'))
    const settled = journal.whenSettled(entry!.id)
    await settleDrains(journal)
    expect(await settled).toMatchObject({ kind: 'done', uri: `at://${READER}/ink.branchline.bookmark/3kqaaa` })
    expect(pds.records.get(`${READER}/ink.branchline.bookmark/3kqaaa`)?.value).toEqual(bookmark(1))
    expect(await journal.list()).toEqual([])
  })

  it('a committed write whose answer was lost, then a worker stop: exactly one record after the wake', async () => {
    const first = setup()
    first.pds.fault({ kind: 'drop' })
    await first.enter(READER, create('3kqaaa'))
    await settleDrains(first.journal)
    const [waiting] = await first.journal.list()
    expect(waiting).toMatchObject({ status: 'pending', maybeLanded: true, attempts: 1, error: { code: 'NoAnswer' } })
    expect(first.wakes.at(-1)).toBe(waiting!.nextAttemptAt)

    // The worker is stopped; a new one (same database, same PDS) wakes at the alarm.
    const woken = setup({ db: first.db, pds: first.pds })
    woken.clock.now = waiting!.nextAttemptAt
    await woken.journal.drain()
    expect(await woken.journal.list()).toEqual([])
    expect(first.pds.writesApplied).toBe(1)
    expect(first.pds.records.size).toBe(1)
  })

  it('the entry is written ahead of the request: a worker stopped while the PDS commits finds it marked, and the wake does not create again', async () => {
    const first = setup()
    first.pds.fault({ kind: 'commit-and-hang' })
    await first.enter(READER, create('3kqaaa'))
    const deadline = Date.now() + 2000
    while (first.pds.writesApplied < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2))
    // The worker is stopped now, with the request still open: what did it leave behind?
    const [left] = (await (await first.db).getAll('writes')) as WriteEntry[]
    expect(left).toMatchObject({ status: 'pending', attempts: 1, maybeLanded: true })
    // …and an alarm to resume soon, asked for before the request went out.
    expect(first.wakes.at(-1)).toBe(first.clock.now + RESUME_AFTER_MS)
    const woken = setup({ db: first.db, pds: first.pds })
    await woken.journal.drain()
    expect(await woken.journal.list()).toEqual([])
    expect(first.pds.writesApplied).toBe(1)
  })

  it('a worker stopped mid-request (the entry written ahead, the record committed): the wake finds it and does not create again', async () => {
    const { journal, db, pds } = setup()
    // What a stop between the write-ahead and the answer leaves behind.
    const entry: WriteEntry = {
      v: 1, id: '3kq0001', did: READER, feature: 'test', label: 'x', op: create('3kqbbb'), status: 'pending',
      attempts: 1, nextAttemptAt: 0, maybeLanded: true, createdAt: 0,
    }
    await (await db).put('writes', entry)
    pds.records.set(`${READER}/ink.branchline.bookmark/3kqbbb`, { value: bookmark(1), cid: await pds.cidOf(bookmark(1)) })
    await journal.drain()
    expect(await journal.list()).toEqual([])
    expect(pds.calls).not.toContain('com.atproto.repo.createRecord')
  })

  it('5xx three times, then success: one record, each retry later than the one before', async () => {
    const { journal, pds, clock, enter } = setup()
    pds.fault({ kind: 'fail', status: 503 }, { kind: 'fail', status: 500 }, { kind: 'fail', status: 502 })
    await enter(READER, create('3kqaaa'))
    await settleDrains(journal)
    const delays: number[] = []
    for (let i = 0; i < 3; i++) {
      const [entry] = await journal.list()
      delays.push(entry!.nextAttemptAt - clock.now)
      clock.now = entry!.nextAttemptAt - 1
      await journal.drain()
      expect((await journal.list())[0]?.attempts, 'not sent before its time').toBe(i + 1)
      clock.now = entry!.nextAttemptAt
      await journal.drain()
    }
    expect(await journal.list()).toEqual([])
    expect(pds.writesApplied).toBe(1)
    expect(delays[0]).toBeGreaterThanOrEqual(FIRST_DELAY_MS / 2)
    expect(delays[1]).toBeGreaterThan(delays[0]!)
    expect(delays[2]).toBeGreaterThan(delays[1]!)
  })

  it('429 with Retry-After: waits exactly that long, and reports the server asked to slow down', async () => {
    const { journal, pds, clock, enter } = setup()
    pds.fault({ kind: 'fail', status: 429, retryAfter: '120' })
    await enter(READER, create('3kqaaa'))
    await settleDrains(journal)
    const [entry] = await journal.list()
    expect(entry).toMatchObject({ maybeLanded: false, error: { code: 'RateLimited' } })
    expect(entry!.nextAttemptAt).toBe(clock.now + 120_000)
    clock.now += 119_999
    await journal.drain()
    expect(pds.calls.filter((c) => c === 'com.atproto.repo.createRecord')).toHaveLength(1)
    clock.now += 1
    await journal.drain()
    expect(await journal.list()).toEqual([])
  })

  it('a server that never answers: the attempt is given up after the timeout and retried after a check', async () => {
    const { journal, pds, clock, enter } = setup()
    pds.fault({ kind: 'hang' })
    await enter(READER, create('3kqaaa'))
    await settleDrains(journal)
    const [entry] = await journal.list()
    expect(entry).toMatchObject({ maybeLanded: true, error: { code: 'NoAnswer' } })
    clock.now = entry!.nextAttemptAt
    await journal.drain()
    expect(await journal.list()).toEqual([])
    expect(pds.calls).toEqual(['com.atproto.repo.createRecord', 'com.atproto.repo.getRecord', 'com.atproto.repo.createRecord'])
  })

  it('a put whose answer was lost finds its own content at the retry: done, written once', async () => {
    const { journal, pds, clock, enter } = setup()
    const key = `${READER}/ink.branchline.bookmark/3kqaaa`
    pds.records.set(key, { value: bookmark(1), cid: await pds.cidOf(bookmark(1)) })
    pds.fault({ kind: 'drop' })
    await enter(READER, { kind: 'put', collection: 'ink.branchline.bookmark', rkey: '3kqaaa', record: bookmark(2), swapRecord: pds.records.get(key)!.cid })
    await settleDrains(journal)
    clock.now = (await journal.list())[0]!.nextAttemptAt
    await journal.drain()
    expect(await journal.list()).toEqual([])
    expect(pds.records.get(key)?.value).toEqual(bookmark(2))
    expect(pds.writesApplied).toBe(1)
  })

  it('a put over a record changed elsewhere stops as a conflict for its feature, and writes nothing', async () => {
    const { journal, pds, enter } = setup()
    const key = `${READER}/ink.branchline.bookmark/3kqaaa`
    pds.records.set(key, { value: bookmark(3), cid: await pds.cidOf(bookmark(3)) })
    const [entry] = await enter(READER, { kind: 'put', collection: 'ink.branchline.bookmark', rkey: '3kqaaa', record: bookmark(2), swapRecord: await pds.cidOf(bookmark(1)) })
    const settled = journal.whenSettled(entry!.id)
    await settleDrains(journal)
    expect(await settled).toMatchObject({ kind: 'conflict', error: { code: 'InvalidSwap' } })
    expect((await journal.list())[0]).toMatchObject({ status: 'conflict', feature: 'test' })
    expect(pds.records.get(key)?.value).toEqual(bookmark(3))
  })

  it('a delete whose answer was lost is done when the retry finds the record gone', async () => {
    const { journal, pds, clock, enter } = setup()
    const key = `${READER}/ink.branchline.bookmark/3kqaaa`
    pds.records.set(key, { value: bookmark(1), cid: await pds.cidOf(bookmark(1)) })
    pds.fault({ kind: 'drop' })
    await enter(READER, { kind: 'delete', collection: 'ink.branchline.bookmark', rkey: '3kqaaa', swapRecord: pds.records.get(key)!.cid })
    await settleDrains(journal)
    clock.now = (await journal.list())[0]!.nextAttemptAt
    await journal.drain()
    expect(await journal.list()).toEqual([])
    expect(pds.records.has(key)).toBe(false)
  })

  it('a write the server refuses for good stops with the reason in words; retry sends it again', async () => {
    const { journal, pds, enter } = setup()
    pds.records.set(`${READER}/ink.branchline.bookmark/3kqaaa`, { value: bookmark(9), cid: await pds.cidOf(bookmark(9)) })
    const [entry] = await enter(READER, { kind: 'put', collection: 'ink.branchline.bookmark', rkey: '3kqzzz', record: bookmark(1), swapRecord: CID })
    await settleDrains(journal)
    // (swap against a record that does not exist: InvalidSwap, nothing there → conflict)
    expect((await journal.list())[0]).toMatchObject({ id: entry!.id, status: 'conflict' })
    pds.fault({ kind: 'fail', status: 400 })
    const [bad] = await enter(READER, create('3kqccc'))
    await settleDrains(journal)
    expect((await journal.list()).find((e) => e.id === bad!.id)).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/^Your server refused this write/) },
    })
    await journal.retry(bad!.id)
    expect((await journal.list()).find((e) => e.id === bad!.id)).toBeUndefined()
    expect(pds.records.has(`${READER}/ink.branchline.bookmark/3kqccc`)).toBe(true)
  })

  it('an expired session keeps the account’s writes, schedules no wake for them, and sends them once that account signs in again', async () => {
    const signedOut = new Set([READER])
    const { journal, pds, wakes, clientsAskedFor, enter } = setup({ signedOut })
    await enter(READER, create('3kqaaa'), create('3kqbbb', 2))
    await settleDrains(journal)
    expect(await journal.list()).toHaveLength(2)
    expect((await journal.list())[0]).toMatchObject({ status: 'pending', error: { code: 'SessionExpired' } })
    expect(wakes.at(-1)).toBeNull()
    signedOut.delete(READER)
    await journal.drain(READER)
    expect(await journal.list()).toEqual([])
    expect(pds.records.size).toBe(2)
    expect(new Set(clientsAskedFor)).toEqual(new Set([READER]))
  })

  it('sends each account’s writes only with that account’s client', async () => {
    const { journal, clientsAskedFor, enter } = setup()
    await enter(READER, create('3kqaaa'))
    await enter(ADA, create('3kqbbb'))
    await settleDrains(journal)
    expect([...new Set(clientsAskedFor)].sort()).toEqual([ADA, READER])
    expect(await journal.list()).toEqual([])
  })

  it('writes to one record go in order: a delete waits for the create before it', async () => {
    const { journal, pds, clock, enter } = setup()
    pds.fault({ kind: 'fail', status: 503 })
    await enter(READER, create('3kqaaa'), { kind: 'delete', collection: 'ink.branchline.bookmark', rkey: '3kqaaa' })
    await settleDrains(journal)
    expect(pds.calls).toEqual(['com.atproto.repo.createRecord'])
    clock.now = (await journal.list())[0]!.nextAttemptAt
    await journal.drain()
    expect(pds.calls.slice(1)).toEqual(['com.atproto.repo.getRecord', 'com.atproto.repo.createRecord', 'com.atproto.repo.deleteRecord'])
    expect(pds.records.size).toBe(0)
  })

  it('two decisions at once (two tabs, a double click) run one after the other: the second sees the first’s entry', async () => {
    const { journal, pds, enter } = setup()
    void enter
    // A decider that writes only if nothing is already on its way for that record.
    const decideBookmark = () =>
      journal.decide(READER, async (unsettled) => {
        await new Promise((r) => setTimeout(r, 5)) // reading the mirror takes a moment
        if (unsettled.some((e) => e.op.kind === 'create' && e.op.rkey === '3kqaaa')) return { writes: [], answer: 'already on its way' }
        return { writes: [{ feature: 'test', label: 'Bookmark', op: create('3kqaaa') }], answer: 'entered' }
      })
    pds.fault({ kind: 'hang' }) // the first write is held at the server while the second decides
    const answers = await Promise.all([decideBookmark(), decideBookmark()])
    expect(answers.map((a) => a.answer).sort()).toEqual(['already on its way', 'entered'])
  })

  it('a write the reader discards while it is being sent stays discarded, whatever the answer', async () => {
    const { journal, pds, enter } = setup()
    pds.fault({ kind: 'hang' })
    const [entry] = await enter(READER, create('3kqaaa'))
    const deadline = Date.now() + 2000
    while (!pds.calls.includes('com.atproto.repo.createRecord') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2))
    await journal.discard(entry!.id)
    await journal.drain(READER) // waits for the run under way: the hung request times out: "no answer", which would be a retry
    expect(await journal.list()).toEqual([])
  })

  it('a later write the reader discards while an earlier one is being sent is never sent', async () => {
    const { journal, pds, enter } = setup()
    pds.fault({ kind: 'hang' })
    const [, second] = await enter(READER, create('3kqaaa'), create('3kqbbb', 2))
    const deadline = Date.now() + 2000
    while (!pds.calls.includes('com.atproto.repo.createRecord') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2))
    await journal.discard(second!.id)
    await journal.drain(READER)
    expect(pds.calls.filter((c) => c === 'com.atproto.repo.createRecord')).toHaveLength(1)
    expect((await journal.list()).map((e) => e.op.kind === 'create' && e.op.rkey)).toEqual(['3kqaaa'])
  })

  it('an account whose server cannot be reached to restore its session: all its writes wait together, longer each time, with the wake set for then', async () => {
    const { journal, pds, clock, wakes, enter } = setup({ unreachable: new Set([READER]) })
    await enter(READER, create('3kqaaa'), create('3kqbbb', 2))
    await settleDrains(journal)
    const delays: number[] = []
    for (let round = 0; round < 3; round++) {
      const entries = await journal.list()
      expect(entries.map((e) => e.error?.code)).toEqual(['PdsUnreachable', 'PdsUnreachable'])
      const at = entries[0]!.nextAttemptAt
      expect(entries[1]!.nextAttemptAt).toBe(at)
      expect(wakes.at(-1)).toBe(at)
      delays.push(at - clock.now)
      clock.now = at
      await journal.drain()
    }
    expect(delays[1]).toBeGreaterThan(delays[0]!)
    expect(delays[2]).toBeGreaterThan(delays[1]!)
    expect(pds.calls).toEqual([])
  })

  it('leaves an entry of a newer format alone: never sent, never deleted', async () => {
    const { journal, db, pds } = setup()
    const future = { v: 2, id: '3kq0009', did: READER, somethingNew: true }
    await (await db).put('writes', future)
    await journal.drain()
    expect(pds.calls).toEqual([])
    expect(await (await db).get('writes', '3kq0009')).toEqual(future)
  })
})
