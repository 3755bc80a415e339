// The write journal (lib/writes/) against the sandbox PDS, with the reader's real OAuth session and
// Tendril's real XRPC client, while the sandbox's write-fault levers (tests/sandbox/write-faults.ts)
// make the PDS fail, hold, drop answers or go down. The journal's clock is movable, so backoff is
// waited out instantly; everything on the wire is real. "A worker stop" is a new journal over the
// same database: all it had in memory is gone.
import { TID } from '@atproto/common-web'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { webLocks } from '../../../lib/atproto/oauth/client.ts'
import { createNamedMutexes } from '../../../lib/mutex.ts'
import { openTendrilDb } from '../../../lib/storage/db.ts'
import type { WriteOp } from '../../../lib/writes/entry.ts'
import { createJournal, type Journal } from '../../../lib/writes/journal.ts'
import type { RecordedRequest } from '../../sandbox/request-log.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from '../auth/client.ts'
import { seededBud } from '../auth/records.ts'
import { signedIn, type TestSessions } from '../auth/sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader
const COLLECTION = 'ink.branchline.bookmark'
let sessions: TestSessions
let bud: { uri: string; cid: string }
let n = 0

beforeAll(async () => {
  sessions = await signedIn(reader)
  bud = await seededBud()
})
afterEach(async () => {
  await control('POST', '/faults/reset')
})
afterAll(disposeTestClients)

/** A journal as the worker builds it, over `db` (a new database unless a test plays a woken worker). */
function journalOver(db = openTendrilDb(`journal-integration-${n++}`)) {
  const clock = { now: Date.now() }
  const journal = createJournal({
    db,
    clientFor: (did) => sessions.pds.clientFor(did),
    lock: webLocks() ?? createNamedMutexes(),
    wakeAt: () => undefined,
    now: () => clock.now,
    newId: () => TID.nextStr(),
    answerTimeoutMs: 10_000,
  })
  return { journal, db, clock }
}

/** A bookmark create with a record nobody else writes (its createdAt is unique to the test). */
function bookmarkCreate(): { op: WriteOp; createdAt: string } {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + n++ * 1000 + Math.floor(Math.random() * 1000)).toISOString()
  return { createdAt, op: { kind: 'create', collection: COLLECTION, rkey: TID.nextStr(), record: { $type: COLLECTION, subject: bud, createdAt } } }
}

/** Every record in the reader's repo whose createdAt is `createdAt`: a doubled write shows as two. */
async function recordsWith(createdAt: string): Promise<string[]> {
  const found: string[] = []
  let cursor: string | undefined
  do {
    const url = new URL('/xrpc/com.atproto.repo.listRecords', sb.pdsUrl)
    url.search = new URLSearchParams({ repo: reader.did, collection: COLLECTION, limit: '100', ...(cursor ? { cursor } : {}) }).toString()
    const page = (await (await fetch(url)).json()) as { records: Array<{ uri: string; value: { createdAt?: string } }>; cursor?: string }
    found.push(...page.records.filter((r) => r.value.createdAt === createdAt).map((r) => r.uri))
    cursor = page.records.length ? page.cursor : undefined
  } while (cursor)
  return found
}

const enter = (journal: Journal, op: WriteOp) =>
  journal.decide(reader.did, async () => ({ writes: [{ feature: 'test', label: 'Bookmark', op }], answer: null }))

/** Drains until nothing is pending, jumping the clock to each retry; returns how many rounds. */
async function drainAll(journal: Journal, clock: { now: number }): Promise<number> {
  let rounds = 0
  for (;;) {
    await journal.drain(reader.did)
    const pending = (await journal.list(reader.did)).filter((e) => e.status === 'pending')
    if (!pending.length || ++rounds > 20) return rounds
    clock.now = Math.max(clock.now, ...pending.map((e) => e.nextAttemptAt))
  }
}

const createsSince = async (since: number) =>
  (await control<{ requests: RecordedRequest[] }>('GET', `/requests?since=${since}`)).requests.filter(
    (r) => r.service === 'pds' && r.path.startsWith('/xrpc/com.atproto.repo.createRecord'),
  )
const logPosition = async () => (await control<{ next: number }>('GET', '/requests?since=999999999')).next

describe('the write journal against the sandbox PDS', () => {
  it('a committed write whose answer was dropped, then a worker stop: exactly one record after the wake', async () => {
    const { op, createdAt } = bookmarkCreate()
    const first = journalOver()
    await control('POST', '/faults/pds/drop-answer?count=1')
    await enter(first.journal, op)
    await first.journal.drain(reader.did)
    const [waiting] = await first.journal.list(reader.did)
    expect(waiting).toMatchObject({ status: 'pending', maybeLanded: true, error: { code: 'NoAnswer' } })
    expect(await recordsWith(createdAt)).toHaveLength(1) // it did land

    const woken = journalOver(first.db)
    woken.clock.now = waiting!.nextAttemptAt
    await drainAll(woken.journal, woken.clock)
    expect(await woken.journal.list(reader.did)).toEqual([])
    expect(await recordsWith(createdAt)).toHaveLength(1)
  })

  it('5xx three times, then success: one record, after four attempts', async () => {
    const { op, createdAt } = bookmarkCreate()
    const { journal, clock } = journalOver()
    const since = await logPosition()
    await control('POST', '/faults/pds/fail?count=3&status=503')
    await enter(journal, op)
    await drainAll(journal, clock)
    expect(await journal.list(reader.did)).toEqual([])
    expect(await recordsWith(createdAt)).toHaveLength(1)
    expect((await createsSince(since)).map((r) => r.fault ?? r.status)).toEqual(['failed', 'failed', 'failed', 200])
  })

  it('429 with Retry-After: nothing is sent before the server said, then it is', async () => {
    const { op, createdAt } = bookmarkCreate()
    const { journal, clock } = journalOver()
    const since = await logPosition()
    await control('POST', '/faults/pds/fail?count=1&status=429&retryAfter=120')
    const start = clock.now
    await enter(journal, op)
    await journal.drain(reader.did)
    const [waiting] = await journal.list(reader.did)
    expect(waiting).toMatchObject({ error: { code: 'RateLimited' }, nextAttemptAt: start + 120_000 })
    clock.now = start + 119_999
    await journal.drain(reader.did)
    expect(await createsSince(since)).toHaveLength(1)
    clock.now = start + 120_000
    await journal.drain(reader.did)
    expect(await journal.list(reader.did)).toEqual([])
    expect(await recordsWith(createdAt)).toHaveLength(1)
  })

  it('the PDS down, then up again: the write waits and is sent once it is back', async () => {
    const { op, createdAt } = bookmarkCreate()
    const { journal, clock } = journalOver()
    await control('POST', '/pds/stop')
    try {
      await enter(journal, op)
      await journal.drain(reader.did)
      const [waiting] = await journal.list(reader.did)
      expect(waiting?.status).toBe('pending')
      expect(waiting?.error?.message).toMatch(/did not answer|could not be reached/i)
    } finally {
      await control('POST', '/pds/start')
    }
    await drainAll(journal, clock)
    expect(await journal.list(reader.did)).toEqual([])
    expect(await recordsWith(createdAt)).toHaveLength(1)
  })

  it('two decisions racing while the first write is held at the PDS: one record', async () => {
    const { op, createdAt } = bookmarkCreate()
    const { journal } = journalOver()
    await control('POST', '/faults/pds/hold')
    // What a feature does: write unless this record is already on its way or already there.
    const decideOnce = () =>
      journal.decide(reader.did, async (unsettled) => {
        if (unsettled.some((e) => e.op.kind === 'create' && (e.op.record as { createdAt?: string }).createdAt === createdAt)) {
          return { writes: [], answer: 'on its way' }
        }
        if ((await recordsWith(createdAt)).length) return { writes: [], answer: 'already there' }
        return { writes: [{ feature: 'test', label: 'Bookmark', op: { ...op, rkey: TID.nextStr() } }], answer: 'entered' }
      })
    const answers = await Promise.all([decideOnce(), decideOnce()])
    expect(answers.map((a) => a.answer).sort()).toEqual(['entered', 'on its way'])
    // The first write is on its way (decide() starts sending once it is entered) and held there.
    const deadline = Date.now() + 5_000
    while ((await control<{ pds: { heldNow: number } }>('GET', '/faults')).pds.heldNow < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20))
    }
    expect((await control<{ pds: { heldNow: number } }>('GET', '/faults')).pds.heldNow).toBe(1)
    await control('POST', '/faults/pds/release')
    await journal.drain(reader.did)
    expect(await recordsWith(createdAt)).toHaveLength(1)
  })
})

describe('service writes (Chive backlinks) through the journal', () => {
  const target = () => sb.seed.eprints[0]!.uri
  const sourceUri = () => `at://${reader.did}/app.bsky.feed.post/${TID.nextStr()}`
  const backlinksOf = async (source: string) =>
    (await control<{ backlinks: Array<{ sourceUri: string; targetUri: string; deleted?: boolean }> }>('GET', '/chive/backlinks')).backlinks.filter(
      (b) => b.sourceUri === source,
    )

  /** A journal whose service caller is the worker's, over the real service-auth minting. */
  async function chiveJournal() {
    const { createServiceAuth } = await import('../../../lib/atproto/service-auth.ts')
    const { createServiceCaller } = await import('../../../lib/writes/service-call.ts')
    const clock = { now: Date.now() }
    const serviceAuth = createServiceAuth({ pds: sessions.pds })
    const journal = createJournal({
      db: openTendrilDb(`journal-integration-${n++}`),
      clientFor: (did) => sessions.pds.clientFor(did),
      callServiceFor: createServiceCaller({ serviceAuth, services: { chive: { url: sb.chiveUrl, did: sb.chiveServiceDid } } }),
      lock: webLocks() ?? createNamedMutexes(),
      wakeAt: () => undefined,
      now: () => clock.now,
      newId: () => TID.nextStr(),
      answerTimeoutMs: 10_000,
    })
    return { journal, clock, serviceAuth }
  }
  const create = (source: string): WriteOp => ({
    kind: 'service',
    service: 'chive',
    nsid: 'pub.chive.backlink.create',
    input: { sourceUri: source, sourceType: 'bluesky.post', targetUri: target() },
    key: source,
  })

  it('creates a backlink at Chive with a service token; 503 twice and a dropped answer still leave exactly one', async () => {
    const { journal, clock } = await chiveJournal()
    const source = sourceUri()
    const since = await logPosition()
    await control('POST', '/faults/chive/fail?count=2&status=503')
    await enter(journal, create(source))
    await drainAll(journal, clock)
    await control('POST', '/faults/chive/drop-answer?count=1')
    await enter(journal, create(source)) // the same call again (safe to repeat), its answer lost
    await drainAll(journal, clock)
    expect(await journal.list(reader.did)).toEqual([])
    expect((await backlinksOf(source)).filter((b) => !b.deleted)).toEqual([expect.objectContaining({ targetUri: target() })])
    const calls = (await control<{ requests: RecordedRequest[] }>('GET', `/requests?since=${since}`)).requests.filter(
      (r) => r.service === 'chive' && r.path.startsWith('/xrpc/pub.chive.backlink.create'),
    )
    expect(calls.map((r) => r.fault ?? r.status)).toEqual(['failed', 'failed', 200, 'dropped', 200])
  })

  it('a refusal (InvalidRequest) stops with Chive’s reason in words; nothing is stored', async () => {
    const { journal, clock } = await chiveJournal()
    const source = `at://${reader.handle}/app.bsky.feed.post/${TID.nextStr()}` // a handle-based AT-URI: Chive wants a DID
    await enter(journal, create(source))
    await drainAll(journal, clock)
    expect((await journal.list(reader.did))[0]).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/^Chive refused this write: Invalid AT-URI format/) } })
    expect(await backlinksOf(source)).toEqual([])
  })
})
