// The write-fault levers on the control server (/faults, tests/sandbox/write-faults.ts) against the
// running sandbox: real writes of the reader's bookmarks to the real PDS, and backlinks to the Chive
// stand-in. Every record written here is deleted again in afterAll (the sandbox is shared with the
// other test files, and with e2e in `npm test`).
import { TID } from '@atproto/common-web'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RecordedRequest } from '../../sandbox/request-log.ts'
import { createFaultPlan, type FaultDecision } from '../../sandbox/write-faults.ts'
import { xrpc } from '../../sandbox/xrpc.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { freshUri, login, serviceToken, type Session } from './helpers.ts'

const sb = useSandbox()
const COLLECTION = 'ink.branchline.bookmark'

let session: Session
let subject: { uri: string; cid: string }
const written = new Set<string>()

/** What a client sees of one write: an answer, or a network error. */
type Outcome =
  | { kind: 'answer'; status: number; body: any; headers: Headers }
  | { kind: 'network-error'; error: Error }

async function post(url: string, body: object, token: string, signal?: AbortSignal): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal,
    })
    const text = await res.text()
    return { kind: 'answer', status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
  } catch (error) {
    return { kind: 'network-error', error: error as Error }
  }
}

const newRkey = () => {
  const rkey = TID.nextStr()
  written.add(rkey)
  return rkey
}

/** com.atproto.repo.createRecord of a bookmark of the demo bud under `rkey`, as the reader. */
const createBookmark = (rkey: string, signal?: AbortSignal) =>
  post(
    `${sb.pdsUrl}/xrpc/com.atproto.repo.createRecord`,
    {
      repo: session.did,
      collection: COLLECTION,
      rkey,
      record: { $type: COLLECTION, subject, createdAt: new Date().toISOString() },
    },
    session.accessJwt,
    signal,
  )

/** The bookmark's status on the PDS: 200 when committed, 400 (RecordNotFound) when not. */
async function bookmarkStatus(rkey: string): Promise<number> {
  const url = new URL('/xrpc/com.atproto.repo.getRecord', sb.pdsUrl)
  url.search = new URLSearchParams({ repo: session.did, collection: COLLECTION, rkey }).toString()
  return (await fetch(url)).status
}

const faults = () => control<Record<'pds' | 'chive', any>>('GET', '/faults')
const logSince = async (seq: number) => (await control<{ requests: RecordedRequest[] }>('GET', `/requests?since=${seq}`)).requests
const nextSeq = async () => (await control<{ next: number }>('GET', `/requests?since=${Number.MAX_SAFE_INTEGER}`)).next
/** The createRecord calls among `entries` (the log has no bodies: tests here write one at a time). */
const createRecordsIn = (entries: RecordedRequest[]) =>
  entries.filter((e) => e.service === 'pds' && e.method === 'POST' && e.path === '/xrpc/com.atproto.repo.createRecord')

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeAll(async () => {
  // Totals count from the last reset; seeding and earlier files wrote before this one.
  await control('POST', '/faults/reset')
  session = await login(sb.seed.reader.handle)
  const [, , repo, collection, rkey] = sb.seed.buds.demo.split('/') as [string, string, string, string, string]
  const bud = await xrpc<{ uri: string; cid: string }>(sb.pdsUrl, 'com.atproto.repo.getRecord', { params: { repo, collection, rkey } })
  subject = { uri: bud.uri, cid: bud.cid }
})

afterEach(async () => {
  await control('POST', '/faults/reset')
})

afterAll(async () => {
  await control('POST', '/faults/reset')
  for (const rkey of written) {
    await xrpc(sb.pdsUrl, 'com.atproto.repo.deleteRecord', {
      token: session.accessJwt,
      body: { repo: session.did, collection: COLLECTION, rkey },
    })
  }
})

describe('POST /faults/pds/fail', () => {
  it('refuses exactly the next N writes without committing them; the next one succeeds', async () => {
    const armed = await control('POST', '/faults/pds/fail?count=3&status=503')
    expect(armed).toMatchObject({ ok: true, faults: { failsLeft: 3, failStatus: 503 } })
    const since = await nextSeq()
    const rkey = newRkey()
    for (let i = 0; i < 3; i++) {
      const out = await createBookmark(rkey)
      expect(out.kind === 'answer' && out.status, `attempt ${i + 1}`).toBe(503)
      if (out.kind !== 'answer') return
      expect(out.headers.get('content-type')).toMatch(/^application\/json/)
      expect(out.body).toEqual({ error: 'NotEnoughResources', message: expect.stringContaining('503') })
      expect(out.headers.has('retry-after')).toBe(false)
      // Not committed: the PDS never saw it.
      expect(await bookmarkStatus(rkey)).toBe(400)
    }
    const ok = await createBookmark(rkey)
    expect(ok.kind === 'answer' && ok.status).toBe(200)
    expect(await bookmarkStatus(rkey)).toBe(200)
    // Exactly one record: the only one with this rkey, and the listing has it once.
    const listed = await xrpc<{ records: { uri: string }[] }>(sb.pdsUrl, 'com.atproto.repo.listRecords', {
      params: { repo: session.did, collection: COLLECTION, limit: 100 },
    })
    expect(listed.records.filter((r) => r.uri.endsWith(`/${rkey}`))).toHaveLength(1)

    expect((await faults()).pds).toMatchObject({ failsLeft: 0, totals: { failed: 3, passed: 1, dropped: 0, held: 0 } })
    const entries = createRecordsIn(await logSince(since))
    expect(entries.map((e) => [e.fault, e.status])).toEqual([
      ['failed', 503],
      ['failed', 503],
      ['failed', 503],
      [undefined, 200],
    ])
  })

  it('429 with retryAfter: RateLimitExceeded and a Retry-After header', async () => {
    await control('POST', '/faults/pds/fail?count=1&status=429&retryAfter=7')
    const rkey = newRkey()
    const out = await createBookmark(rkey)
    expect(out.kind).toBe('answer')
    if (out.kind !== 'answer') return
    expect(out.status).toBe(429)
    expect(out.headers.get('retry-after')).toBe('7')
    expect(out.body.error).toBe('RateLimitExceeded')
    expect(await bookmarkStatus(rkey)).toBe(400)
  })

  it('refuses a bad status, count or retryAfter with 400', async () => {
    for (const query of ['count=1&status=404', 'count=-1&status=503', 'count=x&status=503', 'status=503', 'count=1&status=503&retryAfter=1.5']) {
      const res = await fetch(new URL(`/faults/pds/fail?${query}`, sb.controlUrl), { method: 'POST' })
      expect(res.status, query).toBe(400)
    }
    expect((await faults()).pds.failsLeft).toBe(0)
  })
})

describe('POST /faults/pds/drop-answer', () => {
  it('the write is committed, but the client gets a network error instead of the answer', async () => {
    await control('POST', '/faults/pds/drop-answer?count=1')
    const since = await nextSeq()
    const rkey = newRkey()
    const out = await createBookmark(rkey)
    expect(out.kind).toBe('network-error')
    expect(await bookmarkStatus(rkey)).toBe(200)
    // A blind retry is what the journal must not do: the record is already there.
    const retry = await createBookmark(rkey)
    expect(retry.kind === 'answer' && retry.status).not.toBe(200)
    const entries = createRecordsIn(await logSince(since))
    expect(entries[0]).toMatchObject({ fault: 'dropped' })
    expect(entries[0]).not.toHaveProperty('status')
    expect(entries[1]).not.toHaveProperty('fault')
    expect((await faults()).pds).toMatchObject({ dropsLeft: 0, totals: { dropped: 1 } })
  })
})

describe('POST /faults/pds/hold and /release', () => {
  it('a held write does not reach the PDS until release; then it completes', async () => {
    await control('POST', '/faults/pds/hold')
    const since = await nextSeq()
    const rkey = newRkey()
    let settled = false
    const pending = createBookmark(rkey).finally(() => (settled = true))
    await until('the write is held', async () => (await faults()).pds.heldNow === 1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(settled).toBe(false)
    // Reads go on meanwhile, and see nothing committed.
    expect(await bookmarkStatus(rkey)).toBe(400)
    expect((await faults()).pds).toMatchObject({ holding: true, heldNow: 1 })

    const released = await control('POST', '/faults/pds/release')
    expect(released).toMatchObject({ ok: true, faults: { holding: false, heldNow: 0 } })
    const out = await pending
    expect(out.kind === 'answer' && out.status).toBe(200)
    expect(await bookmarkStatus(rkey)).toBe(200)
    expect(createRecordsIn(await logSince(since)).map((e) => [e.fault, e.status])).toEqual([['held', 200]])
  })

  it('lets several held writes through; writes after release are not held', async () => {
    await control('POST', '/faults/pds/hold')
    const [a, b] = [newRkey(), newRkey()]
    const first = createBookmark(a)
    await until('the first is held', async () => (await faults()).pds.heldNow === 1)
    const second = createBookmark(b)
    await until('both are held', async () => (await faults()).pds.heldNow === 2)
    await control('POST', '/faults/pds/release')
    const outs = await Promise.all([first, second])
    expect(outs.map((o) => o.kind === 'answer' && o.status)).toEqual([200, 200])
    const c = newRkey()
    const third = await createBookmark(c)
    expect(third.kind === 'answer' && third.status).toBe(200)
    expect((await faults()).pds.totals).toMatchObject({ held: 2, passed: 1 })
  })

  it('a held write whose client went away is forgotten, and nothing breaks', async () => {
    await control('POST', '/faults/pds/hold')
    const rkey = newRkey()
    const abort = new AbortController()
    const pending = createBookmark(rkey, abort.signal)
    await until('the write is held', async () => (await faults()).pds.heldNow === 1)
    abort.abort()
    expect((await pending).kind).toBe('network-error')
    await until('the held write is dropped from the queue', async () => (await faults()).pds.heldNow === 0)
    await control('POST', '/faults/pds/release')
    expect(await bookmarkStatus(rkey)).toBe(400)
    // The PDS still takes writes.
    const after = newRkey()
    const out = await createBookmark(after)
    expect(out.kind === 'answer' && out.status).toBe(200)
  })

  it('reset releases what is held', async () => {
    await control('POST', '/faults/pds/hold')
    const rkey = newRkey()
    const pending = createBookmark(rkey)
    await until('the write is held', async () => (await faults()).pds.heldNow === 1)
    const reset = await control('POST', '/faults/reset')
    expect(reset).toMatchObject({ ok: true, pds: { holding: false, heldNow: 0 }, chive: { holding: false } })
    const out = await pending
    expect(out.kind === 'answer' && out.status).toBe(200)
  })
})

describe('POST /faults/pds/random', () => {
  const settings = { seed: 20240607, fail: 0.25, drop: 0.25, hold: 0.25, holdMs: 40, status: 503 }
  const query = new URLSearchParams(Object.entries(settings).map(([k, v]) => [k, String(v)])).toString()
  const WRITES = 16
  const expected = (): (string | undefined)[] => {
    const plan = createFaultPlan()
    plan.armRandom(settings)
    const name = (d: FaultDecision) => ({ pass: undefined, fail: 'failed', drop: 'dropped', hold: 'held' })[d.kind]
    return Array.from({ length: WRITES }, () => name(plan.decide()))
  }

  /** WRITES writes one after another: what each client saw, and what the log says each got. */
  async function run() {
    await control('POST', `/faults/pds/random?${query}`)
    const since = await nextSeq()
    const seen: string[] = []
    for (let i = 0; i < WRITES; i++) {
      const out = await createBookmark(newRkey())
      seen.push(out.kind === 'network-error' ? 'network-error' : String(out.status))
    }
    const logged = createRecordsIn(await logSince(since)).map((e) => e.fault)
    const state = (await faults()).pds
    await control('POST', '/faults/reset')
    return { seen, logged, state }
  }

  it('the same seed gives the same faults on two runs, the ones the pure plan predicts', async () => {
    const want = expected()
    // The seed is chosen so the run shows every kind.
    expect(new Set(want)).toEqual(new Set([undefined, 'failed', 'dropped', 'held']))
    const one = await run()
    const two = await run()
    expect(one.logged).toEqual(want)
    expect(two.logged).toEqual(want)
    expect(two.seen).toEqual(one.seen)
    const seenFor = { failed: '503', dropped: 'network-error', held: '200' } as Record<string, string>
    expect(one.seen).toEqual(want.map((f) => (f === undefined ? '200' : seenFor[f])))
    expect(one.state.random).toEqual({ ...settings, draws: WRITES })
  })

  it('refuses probabilities that add up to more than 1, and a hold without holdMs', async () => {
    for (const q of ['seed=1&fail=0.6&drop=0.6', 'seed=1&hold=0.5', 'fail=0.1', 'seed=1&fail=2']) {
      const res = await fetch(new URL(`/faults/pds/random?${q}`, sb.controlUrl), { method: 'POST' })
      expect(res.status, q).toBe(400)
    }
    expect((await faults()).pds.random).toBeNull()
  })
})

describe('what the levers never touch', () => {
  it('reads, sessions and service auth pass while every lever is armed', async () => {
    await control('POST', '/faults/pds/fail?count=5&status=500')
    await control('POST', '/faults/pds/hold')
    await control('POST', '/faults/chive/fail?count=5&status=500')
    const [repo, , rkey] = sb.seed.buds.demo.split('/').slice(2) as [string, string, string]
    expect((await fetch(`${sb.pdsUrl}/xrpc/com.atproto.repo.getRecord?repo=${repo}&collection=ink.branchline.bud&rkey=${rkey}`)).status).toBe(200)
    expect((await fetch(`${sb.pdsUrl}/xrpc/com.atproto.repo.describeRepo?repo=${session.did}`)).status).toBe(200)
    const again = await login(sb.seed.reader.handle) // a POST, but not a write
    expect(again.did).toBe(session.did)
    expect(await serviceToken(again)).toEqual(expect.any(String))
    expect((await fetch(`${sb.chiveUrl}/xrpc/pub.chive.backlink.getCounts?targetUri=${encodeURIComponent(sb.seed.eprints[0]!.uri)}`)).status).toBe(200)
    expect((await fetch(`${sb.plcUrl}/${session.did}`)).status).toBe(200)
    expect((await fetch(`${sb.pdsUrl}/.well-known/oauth-authorization-server`)).status).toBe(200)
    const state = await faults()
    expect(state.pds).toMatchObject({ failsLeft: 5, heldNow: 0, totals: { failed: 0, dropped: 0, held: 0, passed: 0 } })
    expect(state.chive).toMatchObject({ failsLeft: 5, totals: { failed: 0 } })
  })
})

describe('Chive writes', () => {
  const stored = async (sourceUri: string) =>
    (await control<{ backlinks: { sourceUri: string }[] }>('GET', '/chive/backlinks')).backlinks.some((b) => b.sourceUri === sourceUri)

  it('fail: refused before the stand-in sees it; drop: stored, but the client gets a network error', async () => {
    const token = await serviceToken(session)
    const url = `${sb.chiveUrl}/xrpc/pub.chive.backlink.create`
    await control('POST', '/faults/chive/fail?count=1&status=502')
    const refused = backlinkFor(session.did)
    const out = await post(url, refused, token)
    expect(out.kind === 'answer' && [out.status, out.body.error]).toEqual([502, 'UpstreamFailure'])
    expect(await stored(refused.sourceUri)).toBe(false)

    await control('POST', '/faults/chive/drop-answer?count=1')
    const dropped = backlinkFor(session.did)
    expect((await post(url, dropped, token)).kind).toBe('network-error')
    expect(await stored(dropped.sourceUri)).toBe(true)

    // The PDS's levers are not Chive's.
    expect((await faults()).pds.totals).toEqual({ failed: 0, dropped: 0, held: 0, passed: 0 })
    expect((await faults()).chive.totals).toMatchObject({ failed: 1, dropped: 1 })
  })
})

describe('levers and restarts', () => {
  afterAll(async () => {
    await control('POST', '/pds/start')
    await control('POST', '/chive/start')
  })

  it('stay in front of a restarted PDS', async () => {
    await control('POST', '/faults/pds/fail?count=1&status=504')
    await control('POST', '/pds/stop')
    await control('POST', '/pds/start')
    const rkey = newRkey()
    const out = await createBookmark(rkey)
    expect(out.kind === 'answer' && out.status).toBe(504)
    const ok = await createBookmark(rkey)
    expect(ok.kind === 'answer' && ok.status).toBe(200)
  })

  it('POST /chive/stop and /chive/start: same port, same store, levers still in front', async () => {
    const token = await serviceToken(session)
    const url = `${sb.chiveUrl}/xrpc/pub.chive.backlink.create`
    const before = backlinkFor(session.did)
    expect((await post(url, before, token)).kind).toBe('answer')
    expect(await control('POST', '/chive/stop')).toMatchObject({ ok: true, chive: { running: false } })
    expect((await control('GET', '/health')).chive.running).toBe(false)
    expect((await post(url, backlinkFor(session.did), token)).kind).toBe('network-error')
    expect(await control('POST', '/chive/start')).toMatchObject({ ok: true, chive: { running: true } })
    expect(await control('POST', '/chive/start')).toMatchObject({ ok: true, chive: { running: true } })
    const listed = await fetch(`${sb.chiveUrl}/xrpc/pub.chive.backlink.list?targetUri=${encodeURIComponent(before.targetUri)}`)
    expect(((await listed.json()) as { backlinks: { sourceUri: string }[] }).backlinks.map((b) => b.sourceUri)).toEqual([before.sourceUri])
    await control('POST', '/faults/chive/fail?count=1&status=500')
    const out = await post(url, backlinkFor(session.did), token)
    expect(out.kind === 'answer' && out.status).toBe(500)
  })
})

function backlinkFor(did: string) {
  return {
    sourceUri: freshUri(did, 'app.bsky.feed.post'),
    sourceType: 'bluesky.post',
    targetUri: freshUri(sb.seed.writers[0]!.did, 'pub.chive.eprint.submission'),
  }
}
