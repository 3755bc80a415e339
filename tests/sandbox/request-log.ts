// Every request any sandbox server receives (PLC, PDS, the Branchline and Chive stand-ins, the
// HTTPS page server), with the headers that say who sent it. The hostile-page suite attributes
// requests to the extension by their `Origin` (`chrome-extension://<id>`, later `moz-extension://`)
// instead of counting everything, so an attack page's own traffic never hides or fakes Tendril's.
//
// Why a diagnostics channel and not a wrapper per server: `http.server.request.start` fires for
// every http and https server in this process before any handler runs, including the PDS's own
// express app (whose listen() we must not replace, tests/sandbox/pds.ts), and survives the PDS
// being stopped and started. The local port tells which service a request reached.
// Each entry also gets its answer's status once it is sent (`http.server.response.finish`), and
// whether that answer was a DPoP nonce challenge (`WWW-Authenticate: DPoP error="use_dpop_nonce"`,
// how a resource server such as the PDS asks for a fresh nonce), which the bench counts.
// Exposed on the control server: GET /requests?since=<seq>, POST /requests/reset.

import diagnosticsChannel from 'node:diagnostics_channel'
import type http from 'node:http'

export interface RecordedRequest {
  /** Increases by one per request for the sandbox's lifetime (a reset does not restart it). */
  seq: number
  /** Milliseconds since the epoch. */
  at: number
  service: string
  method: string
  host: string
  /** Path and query exactly as sent (still percent-encoded), cut at MAX_PATH characters. */
  path: string
  origin?: string
  secFetchSite?: string
  secFetchMode?: string
  secFetchDest?: string
  /** Came through the page server's /xrpc proxy (the same request is also logged by the page
   * server, under the host the browser used). */
  forwarded: boolean
  /** The answer's HTTP status, once it was sent. */
  status?: number
  /** The answer asked the client to retry with a fresh DPoP nonce. */
  nonceChallenge?: true
  /** A write-fault lever touched this request (write-faults.ts): `failed` — refused without reaching
   * the server (`status` is the lever's); `dropped` — handled and committed, then the connection was
   * cut before any answer (no `status`); `held` — held back, then passed on (`status` is the
   * server's, once it answered). */
  fault?: 'failed' | 'dropped' | 'held'
}

const MAX_PATH = 16_384
const DEFAULT_LIMIT = 20_000

export interface RequestLike {
  method?: string
  url?: string
  headers: http.IncomingHttpHeaders
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/** The log entry for a request (pure: no seq or clock). */
export function describeRequest(service: string, req: RequestLike): Omit<RecordedRequest, 'seq' | 'at'> {
  const entry: Omit<RecordedRequest, 'seq' | 'at'> = {
    service,
    method: req.method ?? 'GET',
    host: one(req.headers.host) ?? '',
    path: (req.url ?? '/').slice(0, MAX_PATH),
    forwarded: req.headers['x-forwarded-host'] !== undefined,
  }
  const origin = one(req.headers.origin)
  const site = one(req.headers['sec-fetch-site'])
  const mode = one(req.headers['sec-fetch-mode'])
  const dest = one(req.headers['sec-fetch-dest'])
  if (origin !== undefined) entry.origin = origin
  if (site !== undefined) entry.secFetchSite = site
  if (mode !== undefined) entry.secFetchMode = mode
  if (dest !== undefined) entry.secFetchDest = dest
  return entry
}

export interface RequestLog {
  record(service: string, req: RequestLike): RecordedRequest
  /** Entries with `seq >= since`, oldest first, and the seq the next entry will get. */
  since(since: number): { requests: RecordedRequest[]; next: number }
  /** Forgets every entry (seq keeps counting, so a `since` taken earlier stays meaningful). */
  reset(): void
  /** Marks the entry recorded for `req` (the same request object given to record) as touched by a
   * write-fault lever; a request never recorded is ignored. */
  noteFault(req: object, fault: NonNullable<RecordedRequest['fault']>): void
}

export function createRequestLog(options: { limit?: number; now?: () => number } = {}): RequestLog {
  const limit = options.limit ?? DEFAULT_LIMIT
  const now = options.now ?? Date.now
  let entries: RecordedRequest[] = []
  let next = 0
  // By request object, for noteFault: the fault levers see the request, not its seq.
  const byRequest = new WeakMap<object, RecordedRequest>()
  return {
    record(service, req) {
      const entry: RecordedRequest = { seq: next++, at: now(), ...describeRequest(service, req) }
      entries.push(entry)
      byRequest.set(req, entry)
      // Oldest first out: a runaway page cannot grow the sandbox without bound.
      if (entries.length > limit) entries = entries.slice(entries.length - limit)
      return entry
    },
    since(since) {
      return { requests: entries.filter((e) => e.seq >= since), next }
    },
    reset() {
      entries = []
    },
    noteFault(req, fault) {
      const entry = byRequest.get(req)
      if (entry) entry.fault = fault
    },
  }
}

/** Records every request reaching one of `services` (local port → service name) into `log`;
 * requests to other ports (the control server) are not recorded. Returns the unsubscribe. */
export function watchRequests(log: RequestLog, services: Map<number, string>): () => void {
  const started = 'http.server.request.start'
  const finished = 'http.server.response.finish'
  const open = new WeakMap<http.IncomingMessage, RecordedRequest>()
  const onRequest = (message: unknown) => {
    const request = (message as { request?: http.IncomingMessage }).request
    const service = request && services.get(request.socket?.localPort ?? -1)
    if (request && service) open.set(request, log.record(service, request))
  }
  const onAnswer = (message: unknown) => {
    const { request, response } = message as { request?: http.IncomingMessage; response?: http.ServerResponse }
    const entry = request && open.get(request)
    if (!entry || !response) return
    noteAnswer(entry, response.statusCode, response.getHeader('www-authenticate'))
  }
  diagnosticsChannel.subscribe(started, onRequest)
  diagnosticsChannel.subscribe(finished, onAnswer)
  return () => {
    diagnosticsChannel.unsubscribe(started, onRequest)
    diagnosticsChannel.unsubscribe(finished, onAnswer)
  }
}

/** Records an answer on its entry (pure apart from that). */
export function noteAnswer(entry: RecordedRequest, status: number, wwwAuthenticate: unknown): void {
  entry.status = status
  const challenge = Array.isArray(wwwAuthenticate) ? wwwAuthenticate.join(', ') : String(wwwAuthenticate ?? '')
  if (status === 401 && /error="use_dpop_nonce"/.test(challenge)) entry.nonceChallenge = true
}
