// Every request any sandbox server receives (PLC, PDS, the Branchline and Chive stand-ins, the
// HTTPS page server), with the headers that say who sent it. The hostile-page suite attributes
// requests to the extension by their `Origin` (`chrome-extension://<id>`, later `moz-extension://`)
// instead of counting everything, so an attack page's own traffic never hides or fakes Tendril's.
//
// Why a diagnostics channel and not a wrapper per server: `http.server.request.start` fires for
// every http and https server in this process before any handler runs, including the PDS's own
// express app (whose listen() we must not replace, tests/sandbox/pds.ts), and survives the PDS
// being stopped and started. The local port tells which service a request reached.
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
  record(service: string, req: RequestLike): void
  /** Entries with `seq >= since`, oldest first, and the seq the next entry will get. */
  since(since: number): { requests: RecordedRequest[]; next: number }
  /** Forgets every entry (seq keeps counting, so a `since` taken earlier stays meaningful). */
  reset(): void
}

export function createRequestLog(options: { limit?: number; now?: () => number } = {}): RequestLog {
  const limit = options.limit ?? DEFAULT_LIMIT
  const now = options.now ?? Date.now
  let entries: RecordedRequest[] = []
  let next = 0
  return {
    record(service, req) {
      entries.push({ seq: next++, at: now(), ...describeRequest(service, req) })
      // Oldest first out: a runaway page cannot grow the sandbox without bound.
      if (entries.length > limit) entries = entries.slice(entries.length - limit)
    },
    since(since) {
      return { requests: entries.filter((e) => e.seq >= since), next }
    },
    reset() {
      entries = []
    },
  }
}

/** Records every request reaching one of `services` (local port → service name) into `log`;
 * requests to other ports (the control server) are not recorded. Returns the unsubscribe. */
export function watchRequests(log: RequestLog, services: Map<number, string>): () => void {
  const channel = 'http.server.request.start'
  const onRequest = (message: unknown) => {
    const request = (message as { request?: http.IncomingMessage }).request
    const service = request && services.get(request.socket?.localPort ?? -1)
    if (request && service) log.record(service, request)
  }
  diagnosticsChannel.subscribe(channel, onRequest)
  return () => diagnosticsChannel.unsubscribe(channel, onRequest)
}
