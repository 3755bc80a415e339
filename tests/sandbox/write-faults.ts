// Write-fault levers: make the sandbox PDS and the Chive stand-in misbehave on WRITES, on purpose and
// deterministically, so the write journal's tests can show it never loses nor doubles a write.
// Two parts:
// - a pure fault plan per service (createFaultPlan): what is armed, and per write one decision —
//   pass | fail(status, retryAfter) | drop | hold — with a seeded PRNG for the random mode, so it can
//   be unit-tested without a network and a seeded soak test replays the same faults;
// - a thin http wrapper (createWriteFaults): sits in front of a server's own 'request' listeners and
//   carries the decisions out. Why in front of the listeners and not a proxy or middleware: the PDS is
//   the real @atproto/pds listening through its own express app (tests/sandbox/pds.ts must not replace
//   its listen()), and the client must keep talking to the same port it always uses.
// Only writes are touched (isWrite); reads, OAuth, the token endpoint and the PLC never are, so a test
// can always look at what was committed while faults are armed.
// Exposed on the control server under /faults (control.ts, README).
import type http from 'node:http'
import { PERMISSIVE_CORS, sendJson } from './net.ts'

export type FaultService = 'pds' | 'chive'
export const FAULT_SERVICES: readonly FaultService[] = ['pds', 'chive']

const WRITE_PATHS: Record<FaultService, ReadonlySet<string>> = {
  pds: new Set([
    '/xrpc/com.atproto.repo.createRecord',
    '/xrpc/com.atproto.repo.putRecord',
    '/xrpc/com.atproto.repo.deleteRecord',
    '/xrpc/com.atproto.repo.applyWrites',
  ]),
  chive: new Set(['/xrpc/pub.chive.backlink.create', '/xrpc/pub.chive.backlink.delete']),
}

/** A write of `service`: POST to one of its record-changing XRPC procedures (query string ignored). */
export function isWrite(service: FaultService, method: string | undefined, url: string | undefined): boolean {
  if (method !== 'POST') return false
  const path = (url ?? '/').split('?')[0]!
  return WRITE_PATHS[service].has(path)
}

/** Statuses a fail lever may answer with: what a PDS or a proxy in front of it sends when a write
 * did not happen and may be retried. */
export const FAIL_STATUSES: readonly number[] = [500, 502, 503, 504, 429]

/** The XRPC error names @atproto/xrpc-server uses for these statuses (ResponseTypeNames). */
export const FAIL_ERROR_NAMES: Record<number, string> = {
  429: 'RateLimitExceeded',
  500: 'InternalServerError',
  502: 'UpstreamFailure',
  503: 'NotEnoughResources',
  504: 'UpstreamTimeout',
}

export type FaultDecision =
  | { kind: 'pass' }
  | { kind: 'fail'; status: number; retryAfter?: number }
  | { kind: 'drop' }
  /** `ms` absent: held until release. */
  | { kind: 'hold'; ms?: number }

export type FaultKind = 'failed' | 'dropped' | 'held'

export interface RandomSettings {
  seed: number
  /** Probabilities per write; their sum is at most 1, the rest passes. */
  fail: number
  drop: number
  hold: number
  holdMs: number
  status: number
}

export interface FaultPlanState {
  /** Every write is held until release. */
  holding: boolean
  failsLeft: number
  failStatus: number
  retryAfter?: number
  dropsLeft: number
  random: (RandomSettings & { draws: number }) | null
  /** Decisions taken since the last reset, per kind (`passed`: no fault). */
  totals: { failed: number; dropped: number; held: number; passed: number }
}

/** mulberry32: tiny, seedable, good enough to spread faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FaultPlan {
  /** The next `count` writes are refused with `status` (replaces an earlier fail arming). */
  armFail(count: number, status: number, retryAfter?: number): void
  /** The next `count` writes are committed but their answer is dropped (replaces an earlier one). */
  armDrop(count: number): void
  /** From now on every write is held, until stopHolding(). */
  hold(): void
  stopHolding(): void
  /** From now on each write not claimed by another lever draws its fault (replaces an earlier one,
   * restarting the sequence from the seed). */
  armRandom(settings: RandomSettings): void
  /** Disarms everything and zeroes the totals. */
  reset(): void
  /** The decision for the next write; counts it. */
  decide(): FaultDecision
  state(): FaultPlanState
}

/**
 * Precedence when several levers are armed: fail, then drop, then hold, then random.
 * Why counted levers first: they are about "the next N writes"; a standing mode (hold, random) must
 * not make them wait or eat them, or a test arming both could not tell which writes failed.
 */
export function createFaultPlan(): FaultPlan {
  let failsLeft = 0
  let failStatus = 503
  let retryAfter: number | undefined
  let dropsLeft = 0
  let holding = false
  let random: { settings: RandomSettings; next: () => number; draws: number } | null = null
  let totals = { failed: 0, dropped: 0, held: 0, passed: 0 }

  const count = (decision: FaultDecision): FaultDecision => {
    const kind = decision.kind
    if (kind === 'fail') totals.failed++
    else if (kind === 'drop') totals.dropped++
    else if (kind === 'hold') totals.held++
    else totals.passed++
    return decision
  }

  return {
    armFail(n, status, after) {
      failsLeft = n
      failStatus = status
      retryAfter = after
    },
    armDrop(n) {
      dropsLeft = n
    },
    hold() {
      holding = true
    },
    stopHolding() {
      holding = false
    },
    armRandom(settings) {
      random = { settings: { ...settings }, next: seededRandom(settings.seed), draws: 0 }
    },
    reset() {
      failsLeft = 0
      failStatus = 503
      retryAfter = undefined
      dropsLeft = 0
      holding = false
      random = null
      totals = { failed: 0, dropped: 0, held: 0, passed: 0 }
    },
    decide() {
      if (failsLeft > 0) {
        failsLeft--
        return count({ kind: 'fail', status: failStatus, ...(retryAfter === undefined ? {} : { retryAfter }) })
      }
      if (dropsLeft > 0) {
        dropsLeft--
        return count({ kind: 'drop' })
      }
      if (holding) return count({ kind: 'hold' })
      if (random) {
        // One draw per write that reaches this point, whatever it decides, so the n-th such write's
        // fault depends only on the seed and n: a soak test that replays its writes replays its faults.
        const r = random.next()
        random.draws++
        const { fail, drop, hold, holdMs, status } = random.settings
        if (r < fail) return count({ kind: 'fail', status })
        if (r < fail + drop) return count({ kind: 'drop' })
        if (r < fail + drop + hold) return count({ kind: 'hold', ms: holdMs })
      }
      return count({ kind: 'pass' })
    },
    state() {
      return {
        holding,
        failsLeft,
        failStatus,
        ...(retryAfter !== undefined ? { retryAfter } : {}),
        dropsLeft,
        random: random ? { ...random.settings, draws: random.draws } : null,
        totals: { ...totals },
      }
    },
  }
}

// ---- the http side ------------------------------------------------------------------------------

type RequestListener = (req: http.IncomingMessage, res: http.ServerResponse) => void

interface Held {
  req: http.IncomingMessage
  res: http.ServerResponse
  proceed: () => void
  timer?: ReturnType<typeof setTimeout>
}

export interface WriteFaults {
  readonly service: FaultService
  readonly plan: FaultPlan
  /** Puts the levers in front of `server`'s current 'request' listeners. Call after every (re)start:
   * a new server has new listeners. */
  install(server: http.Server): void
  /** Stops holding and lets every held write through, in arrival order. */
  release(): void
  /** Disarms everything and releases what is held. */
  reset(): void
  state(): FaultPlanState & { heldNow: number }
}

export function createWriteFaults(
  service: FaultService,
  opts: {
    /** Called when a lever touches a request (the request log marks its entry). */
    onFault?: (req: http.IncomingMessage, kind: FaultKind) => void
    log?: (msg: string) => void
  } = {},
): WriteFaults {
  const plan = createFaultPlan()
  // Held writes of every server this service has had, oldest first. A held write whose client went
  // away (or whose server was stopped, which destroys its sockets) leaves the queue at once.
  const held: Held[] = []

  const proceedNow = (entry: Held) => {
    if (entry.timer) clearTimeout(entry.timer)
    // The client may have gone away in the meantime: nothing to pass on then.
    if (entry.res.destroyed || entry.req.socket.destroyed) return
    entry.proceed()
  }
  const dequeue = (entry: Held): boolean => {
    const i = held.indexOf(entry)
    if (i >= 0) held.splice(i, 1)
    return i >= 0
  }

  const release = () => {
    plan.stopHolding()
    for (const entry of held.splice(0)) proceedNow(entry)
  }

  const install = (server: http.Server) => {
    const originals = server.listeners('request') as RequestListener[]
    server.removeAllListeners('request')
    const passOn = (req: http.IncomingMessage, res: http.ServerResponse) => {
      for (const listener of originals) {
        try {
          listener.call(server, req, res)
        } catch (err) {
          opts.log?.(`write-faults (${service}): ${(err as Error).stack ?? err}`)
        }
      }
    }
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!isWrite(service, req.method, req.url)) return passOn(req, res)
      const decision = plan.decide()
      switch (decision.kind) {
        case 'pass':
          return passOn(req, res)
        case 'fail': {
          opts.onFault?.(req, 'failed')
          req.resume() // never read: drain the body so the connection can be reused
          const headers: Record<string, string> = { ...PERMISSIVE_CORS }
          if (decision.retryAfter !== undefined) headers['retry-after'] = String(decision.retryAfter)
          return sendJson(
            res,
            decision.status,
            {
              error: FAIL_ERROR_NAMES[decision.status] ?? 'InternalServerError',
              message: `sandbox write-fault lever: ${service} refused this write with ${decision.status} (nothing was committed)`,
            },
            headers,
          )
        }
        case 'drop':
          opts.onFault?.(req, 'dropped')
          swallowAnswer(res)
          return passOn(req, res)
        case 'hold': {
          opts.onFault?.(req, 'held')
          // The body stays buffered in the request stream until the server reads it on release.
          const entry: Held = { req, res, proceed: () => passOn(req, res) }
          held.push(entry)
          res.once('close', () => {
            // Only matters while still held (after release, 'close' is the normal end).
            if (!dequeue(entry)) return
            if (entry.timer) clearTimeout(entry.timer)
            opts.log?.(`write-faults (${service}): a held write's client went away`)
          })
          if (decision.ms !== undefined) entry.timer = setTimeout(() => dequeue(entry) && proceedNow(entry), decision.ms)
          return
        }
      }
    })
  }

  return {
    service,
    plan,
    install,
    release,
    reset() {
      plan.reset()
      release()
    },
    state() {
      return { ...plan.state(), heldNow: held.length }
    },
  }
}

/**
 * Lets the server handle the request and commit, but never lets a byte of its answer out: the
 * socket is destroyed when the handler ends its response, so the client sees a network error after
 * the write happened — the case a journal must not turn into a second write.
 * Why on the instance's write/end: every byte of an answer goes through them (express, and the
 * compression middleware, which wraps them again and calls ours underneath). writeHead only stores
 * the head; it is sent by the first write or end, which never run.
 */
export function swallowAnswer(res: http.ServerResponse): void {
  const callbackOf = (args: unknown[]) => args.find((a): a is () => void => typeof a === 'function')
  res.flushHeaders = () => undefined
  res.write = ((...args: unknown[]) => {
    const cb = callbackOf(args)
    if (cb) process.nextTick(cb)
    return true
  }) as typeof res.write
  res.end = ((...args: unknown[]) => {
    const cb = callbackOf(args)
    res.socket?.destroy()
    if (cb) process.nextTick(cb)
    return res
  }) as typeof res.end
}
