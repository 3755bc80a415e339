// The sandbox's loopback control server: test-only levers and inspection that must never be part of
// the stand-ins' public surface.
//   GET  /health                → {ok, pds: {running, url}, chive: {running}, uptimeMs}
//   GET  /ready                 → the ready object (same as the ready line)
//   POST /pds/stop              → stops the PDS (data kept); {ok, pds: {running: false}}
//   POST /pds/start             → starts it again on the same port and data; {ok, pds: {running: true}}
//   GET  /chive/backlinks       → every stored backlink row, deleted ones included
//   POST /chive/reset           → back to the seeded state: forgets every backlink written since the
//                                 start and restores the ones Chive's indexer already held (the busy
//                                 eprint's, seed/chive-backlinks.ts), same ids. Not "empty": a reset
//                                 that dropped them would leave the ready line's `busyEprint` false.
//   GET  /chive/auth-failures   → why recent service tokens were refused (newest last)
//   GET  /pds/oauth-tokens?did= → {did, live, total}: the PDS's own OAuth tokens for that account, read
//                                 from its account database (`token` table). `total` counts every row;
//                                 `live` those still usable: not expired (the access token's
//                                 `expiresAt` is ahead) and not revoked (revocation deletes the row).
//                                 400 without a `did`, 503 while the PDS is stopped.
//   POST /pds/revoke-oauth-tokens?did= → {did, revoked}: revokes every OAuth token of that account as
//                                 its "connected apps" page would (a session ended elsewhere).
//   GET  /requests?since=<seq>  → {requests, next}: every request the sandbox's servers received
//                                 with seq >= since (default 0), oldest first, with Origin and
//                                 Sec-Fetch-* (request-log.ts); `next` is the seq of the next one.
//   POST /requests/reset        → forgets the recorded requests (seq keeps counting)
//   POST /chive/stop, /chive/start → stops / starts the Chive stand-in (same port, same store)
//   GET  /chive/counters        → {counters: {<nsid or OPTIONS>: n}, limited}: requests per endpoint
//                                 and 429s since the last reset; POST /chive/counters/reset
//   POST /chive/limits?anonymous=N&authenticated=M&windowMs=W → lowers Chive's per-minute limits
//                                 (200 anonymous per address, 1 200 per signed-in DID) for a test;
//                                 POST /chive/limits/reset restores them
//   POST /branchline/lag        → the Branchline stand-in keeps answering from its index as it is
//                                 now: buds written, edited or deleted at the PDS meanwhile are not
//                                 seen (the real AppView lags behind new buds)
//   POST /branchline/down       → it answers 503 to every query
//   POST /branchline/live       → back to answering from the PDS live
// Write-fault levers (write-faults.ts; <service> is pds or chive; only writes are touched):
//   POST /faults/<service>/fail?count=N&status=S[&retryAfter=SECONDS] → the next N writes are
//                                 refused with S (500 502 503 504 429) without reaching the server
//   POST /faults/<service>/drop-answer?count=N → the next N writes are committed, then the
//                                 connection is cut before any byte of the answer
//   POST /faults/<service>/hold   → every write is held from now on, until release
//   POST /faults/<service>/release → lets the held writes through in arrival order; stops holding
//   POST /faults/<service>/random?seed=S&fail=P&drop=P&hold=P&holdMs=MS[&status=503] → from now on
//                                 each write draws its fault from a PRNG seeded with S
//   POST /faults/reset            → disarms every lever of every service, releases what is held
//   GET  /faults                  → {pds, chive}: what is armed, held now, totals per kind
// Each answers {ok, faults: <that service's state>} (reset: {ok, pds, chive}); a bad parameter is 400.
import http from 'node:http'
import type { BranchlineHandle } from './branchline-appview.ts'
import type { AuthFailure } from './chive-auth.ts'
import type { BacklinkStore } from './chive-store.ts'
import { closeServer, listenLoopback, sendJson } from './net.ts'
import type { PdsController } from './pds.ts'
import type { RequestLog } from './request-log.ts'
import type { SandboxReady } from './types.ts'
import { FAIL_STATUSES, FAULT_SERVICES, type FaultService, type WriteFaults } from './write-faults.ts'

export interface ControlTargets {
  pds: PdsController
  chive: {
    store: BacklinkStore
    auth: { failures: AuthFailure[] }
    counters: Record<string, number>
    readonly limited: number
    resetCounters(): void
    setLimits(limits?: { anonymous?: number; authenticated?: number; windowMs?: number }): void
    readonly running: boolean
    stop(): Promise<void>
    start(): Promise<void>
  }
  branchline: Pick<BranchlineHandle, 'mode' | 'setMode'>
  requests: RequestLog
  faults: Record<FaultService, WriteFaults>
  ready: () => SandboxReady | undefined
  log: (msg: string) => void
}

export async function startControlServer(port: number, targets: ControlTargets) {
  const started = Date.now()
  const pdsState = () => ({ running: targets.pds.running, url: targets.pds.url })

  const routes: Record<string, (url: URL) => Promise<[number, unknown]> | [number, unknown]> = {
    'GET /health': () => [
      200,
      { ok: true, pds: pdsState(), chive: { running: targets.chive.running }, uptimeMs: Date.now() - started },
    ],
    'GET /ready': () => {
      const ready = targets.ready()
      return ready ? [200, ready] : [503, { error: 'NotReady' }]
    },
    'POST /pds/stop': async () => {
      const t = performance.now()
      await targets.pds.stop()
      targets.log(`control: PDS stopped in ${Math.round(performance.now() - t)} ms`)
      return [200, { ok: true, pds: pdsState() }]
    },
    'POST /pds/start': async () => {
      const t = performance.now()
      await targets.pds.start()
      targets.log(`control: PDS started in ${Math.round(performance.now() - t)} ms`)
      return [200, { ok: true, pds: pdsState() }]
    },
    'GET /pds/oauth-tokens': async (url) => {
      const did = url.searchParams.get('did')
      if (!did?.startsWith('did:')) return [400, { error: 'InvalidRequest', message: 'give ?did=<did>' }]
      if (!targets.pds.running) return [503, { error: 'PdsStopped' }]
      return [200, { did, ...(await targets.pds.oauthTokens(did)) }]
    },
    'POST /pds/revoke-oauth-tokens': async (url) => {
      const did = url.searchParams.get('did')
      if (!did?.startsWith('did:')) return [400, { error: 'InvalidRequest', message: 'give ?did=<did>' }]
      if (!targets.pds.running) return [503, { error: 'PdsStopped' }]
      return [200, { did, revoked: await targets.pds.revokeOauthTokens(did) }]
    },
    'GET /chive/backlinks': () => [200, { backlinks: targets.chive.store.all() }],
    'POST /chive/reset': () => {
      targets.chive.store.reset()
      return [200, { ok: true }]
    },
    'GET /chive/auth-failures': () => [200, { failures: targets.chive.auth.failures }],
    'GET /chive/counters': () => [200, { counters: { ...targets.chive.counters }, limited: targets.chive.limited }],
    'POST /chive/counters/reset': () => {
      targets.chive.resetCounters()
      return [200, { ok: true }]
    },
    'POST /chive/limits': (url) => {
      const limit = (name: string) =>
        url.searchParams.has(name) ? numberParam(url, name, (n) => Number.isInteger(n) && n >= 0 && n <= 1_000_000, 'an integer 0..1000000') : undefined
      const next = { anonymous: limit('anonymous'), authenticated: limit('authenticated'), windowMs: limit('windowMs') }
      targets.chive.setLimits(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)))
      targets.log(`control: chive limits ${JSON.stringify(next)}`)
      return [200, { ok: true }]
    },
    'POST /chive/limits/reset': () => {
      targets.chive.setLimits()
      return [200, { ok: true }]
    },
    'POST /chive/stop': async () => {
      await targets.chive.stop()
      return [200, { ok: true, chive: { running: targets.chive.running } }]
    },
    'POST /chive/start': async () => {
      await targets.chive.start()
      return [200, { ok: true, chive: { running: targets.chive.running } }]
    },
    'POST /branchline/lag': async () => {
      await targets.branchline.setMode('lagging')
      return [200, { ok: true, branchline: { mode: targets.branchline.mode } }]
    },
    'POST /branchline/down': async () => {
      await targets.branchline.setMode('down')
      return [200, { ok: true, branchline: { mode: targets.branchline.mode } }]
    },
    'POST /branchline/live': async () => {
      await targets.branchline.setMode('live')
      return [200, { ok: true, branchline: { mode: targets.branchline.mode } }]
    },
    'GET /faults': () => [200, faultStates()],
    'POST /faults/reset': () => {
      for (const service of FAULT_SERVICES) targets.faults[service].reset()
      targets.log('control: write faults reset')
      return [200, { ok: true, ...faultStates() }]
    },
    ...Object.fromEntries(
      FAULT_SERVICES.flatMap((service) => faultRoutes(service, targets.faults[service], targets.log)),
    ),
    'GET /requests': (url) => {
      const since = Number(url.searchParams.get('since') ?? 0)
      if (!Number.isInteger(since) || since < 0) return [400, { error: 'InvalidRequest', message: 'since must be a seq (integer >= 0)' }]
      return [200, targets.requests.since(since)]
    },
    'POST /requests/reset': () => {
      targets.requests.reset()
      return [200, { ok: true }]
    },
  }

  const faultStates = () =>
    Object.fromEntries(FAULT_SERVICES.map((service) => [service, targets.faults[service].state()]))

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control.invalid')
    const route = routes[`${req.method} ${url.pathname}`]
    req.resume() // bodies are ignored; drain them so keep-alive works
    if (!route) return sendJson(res, 404, { error: 'NotFound', routes: Object.keys(routes) })
    try {
      const [status, body] = await route(url)
      sendJson(res, status, body)
    } catch (err) {
      if (err instanceof BadParameter) return sendJson(res, 400, { error: 'InvalidRequest', message: err.message })
      targets.log(`control: ${(err as Error).stack ?? err}`)
      sendJson(res, 500, { error: 'InternalServerError', message: (err as Error).message })
    }
  })
  await listenLoopback(server, port)
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) }
}

class BadParameter extends Error {}

/** A number parameter: `fallback` when absent, else it must parse and satisfy `ok`. */
function numberParam(url: URL, name: string, ok: (n: number) => boolean, rule: string, fallback?: number): number {
  const raw = url.searchParams.get(name)
  if (raw === null || raw === '') {
    if (fallback === undefined) throw new BadParameter(`give ?${name}= (${rule})`)
    return fallback
  }
  const n = Number(raw)
  if (!Number.isFinite(n) || !ok(n)) throw new BadParameter(`${name}=${raw}: must be ${rule}`)
  return n
}

const countParam = (url: URL) =>
  numberParam(url, 'count', (n) => Number.isInteger(n) && n >= 0 && n <= 1_000_000, 'an integer 0..1000000')
const statusParam = (url: URL, fallback?: number) =>
  numberParam(url, 'status', (n) => FAIL_STATUSES.includes(n), `one of ${FAIL_STATUSES.join(', ')}`, fallback)
const probabilityParam = (url: URL, name: string) =>
  numberParam(url, name, (n) => n >= 0 && n <= 1, 'a probability 0..1', 0)

type Route = [string, (url: URL) => [number, unknown]]

/** The levers of one service: POST /faults/<service>/{fail,drop-answer,hold,release,random}. */
function faultRoutes(service: FaultService, faults: WriteFaults, log: (msg: string) => void): Route[] {
  const done = (what: string): [number, unknown] => {
    log(`control: ${service} write faults: ${what}`)
    return [200, { ok: true, faults: faults.state() }]
  }
  const base = `POST /faults/${service}`
  return [
    [
      `${base}/fail`,
      (url) => {
        const count = countParam(url)
        const status = statusParam(url)
        const retryAfter = url.searchParams.has('retryAfter')
          ? numberParam(url, 'retryAfter', (n) => Number.isInteger(n) && n >= 0, 'whole seconds (integer >= 0)')
          : undefined
        faults.plan.armFail(count, status, retryAfter)
        return done(`fail the next ${count} with ${status}${retryAfter === undefined ? '' : `, Retry-After ${retryAfter}`}`)
      },
    ],
    [
      `${base}/drop-answer`,
      (url) => {
        const count = countParam(url)
        faults.plan.armDrop(count)
        return done(`drop the answer of the next ${count}`)
      },
    ],
    [
      `${base}/hold`,
      () => {
        faults.plan.hold()
        return done('hold every write')
      },
    ],
    [
      `${base}/release`,
      () => {
        const held = faults.state().heldNow
        faults.release()
        return done(`released ${held}`)
      },
    ],
    [
      `${base}/random`,
      (url) => {
        const seed = numberParam(url, 'seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'an integer 0..4294967295')
        const fail = probabilityParam(url, 'fail')
        const drop = probabilityParam(url, 'drop')
        const hold = probabilityParam(url, 'hold')
        if (fail + drop + hold > 1) throw new BadParameter(`fail + drop + hold = ${fail + drop + hold}: must be at most 1`)
        // Required with a hold probability: a default would hide how long a soak test waits.
        const holdMs = numberParam(
          url,
          'holdMs',
          (n) => Number.isInteger(n) && n >= 0 && n <= 600_000,
          'an integer 0..600000 (ms)',
          hold > 0 ? undefined : 0,
        )
        const status = statusParam(url, 503)
        faults.plan.armRandom({ seed, fail, drop, hold, holdMs, status })
        return done(`random, seed ${seed}: fail ${fail} (${status}), drop ${drop}, hold ${hold} for ${holdMs} ms`)
      },
    ],
  ]
}
