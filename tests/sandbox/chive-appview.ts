// Stand-in for Chive's backlink XRPC methods (chive-pub/chive src/api/handlers/xrpc/backlink/),
// with Chive's request pipeline (src/api/xrpc/hono-adapter.ts), in this order:
// 1. procedures that need auth (create, delete): no valid service token → 401 AuthenticationRequired;
// 2. query params decoded by type and validated against the lexicon → 400 InvalidRequest;
// 3. a JSON body only when content-type is application/json (bad JSON → 400), validated with
//    Lexicons.assertValidXrpcInput → 400 InvalidRequest; no body at all → 400 from the handler;
// 4. the handler (chive-store.ts semantics); sourceUri must be DID-based (Chive's own regex).
// Lexicons are read from the project's lexicons/pub/chive/backlink/*.json at start.
// Around the pipeline, as Chive's server does (../shared/REFERENCE.md):
// - CORS admits only Chive's own origins (https://chive.pub and its www/api hosts): a web page
//   elsewhere, or a content script acting as one, cannot call it; an extension's worker with host
//   permission is not subject to CORS at all;
// - a per-minute window of 200 requests per anonymous client (by address) and 1 200 per signed-in
//   DID, answered 429 RateLimitExceeded with Retry-After (levers can lower both for a test);
// - every request is counted per endpoint (`counters`, read through the control server).
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Lexicons, type LexiconDoc } from '@atproto/lexicon'
import { createServiceAuthVerifier, type ServiceAuthResult, type ServiceAuthVerifier } from './chive-auth.ts'
import { BacklinkStore, CheckViolation, type BacklinkRow, type SeededBacklink } from './chive-store.ts'
import { closeServer, listenLoopback, PERMISSIVE_CORS, readBody, sendJson } from './net.ts'

const LEXICON_DIR = fileURLToPath(new URL('../../lexicons/pub/chive/backlink', import.meta.url))
const NSIDS = {
  create: 'pub.chive.backlink.create',
  delete: 'pub.chive.backlink.delete',
  list: 'pub.chive.backlink.list',
  getCounts: 'pub.chive.backlink.getCounts',
} as const

/** Chive's own web origins: the only ones its CORS admits. */
export const CHIVE_ORIGINS = ['https://chive.pub', 'https://www.chive.pub', 'https://api.chive.pub']

export interface RateLimits {
  anonymous: number
  authenticated: number
  windowMs: number
}
export const CHIVE_RATE_LIMITS: RateLimits = { anonymous: 200, authenticated: 1200, windowMs: 60_000 }

export interface ChiveHandle {
  url: string
  store: BacklinkStore
  auth: ServiceAuthVerifier
  /** Requests received per endpoint (NSID, or `OPTIONS` for preflights) since the last reset. */
  counters: Record<string, number>
  /** How many 429s were answered since the last reset. */
  readonly limited: number
  resetCounters(): void
  /** Sets the per-minute limits (a lever); `undefined` restores Chive's. Clears the windows. */
  setLimits(limits?: Partial<RateLimits>): void
  readonly running: boolean
  /** Stops listening (the store is kept); a second stop is a no-op. */
  stop(): Promise<void>
  /** Listens again on the same port with the same store; a second start is a no-op. */
  start(): Promise<void>
  close(): Promise<void>
}

class XrpcFailure extends Error {
  status: number
  error: string
  constructor(status: number, error: string, message: string) {
    super(message)
    this.status = status
    this.error = error
  }
}
const invalid = (message: string) => new XrpcFailure(400, 'InvalidRequest', message)

function loadLexicons(): Lexicons {
  const docs = Object.values(NSIDS).map((nsid) => {
    const file = path.join(LEXICON_DIR, `${nsid.split('.').pop()}.json`)
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as LexiconDoc
    } catch (err) {
      throw new Error(`chive stand-in: cannot load lexicon ${file}: ${(err as Error).message}`)
    }
  })
  return new Lexicons(docs)
}

/** Query-string values typed per the lexicon's params (as Chive's decodeQueryParams does). */
function decodeParams(lexicons: Lexicons, nsid: string, url: URL): Record<string, unknown> {
  const def = lexicons.getDefOrThrow(nsid) as { parameters?: { properties: Record<string, { type: string }> } }
  const out: Record<string, unknown> = {}
  for (const [name, prop] of Object.entries(def.parameters?.properties ?? {})) {
    const values = url.searchParams.getAll(name)
    if (values.length === 0) continue
    const one = values[0]!
    if (prop.type === 'array') out[name] = values
    else if (prop.type === 'integer') out[name] = /^-?\d+$/.test(one) ? Number(one) : one
    else if (prop.type === 'boolean') out[name] = one === 'true' ? true : one === 'false' ? false : one
    else out[name] = one
  }
  return out
}

const DID_IN_AT_URI = /^at:\/\/(did:[a-z]+:[a-zA-Z0-9]+)/

const view = (row: BacklinkRow) => ({
  id: row.id,
  sourceUri: row.sourceUri,
  sourceType: row.sourceType,
  targetUri: row.targetUri,
  ...(row.context !== undefined ? { context: row.context } : {}),
  indexedAt: row.indexedAt,
  deleted: row.deleted,
})

export async function startChiveAppView(opts: {
  port: number
  plcUrl: string
  serviceDid: string
  log?: (msg: string) => void
  /** Backlinks Chive already holds when the sandbox starts (and again after a store reset). */
  backlinks?: readonly SeededBacklink[]
  /** Called with the http server after every (re)start, before it serves a request (the write-fault
   * levers, write-faults.ts). */
  onServer?: (server: http.Server) => void
}): Promise<ChiveHandle> {
  const lexicons = loadLexicons()
  const store = new BacklinkStore(opts.backlinks)
  const auth = createServiceAuthVerifier({ plcUrl: opts.plcUrl, serviceDid: opts.serviceDid })

  const procedures: Record<string, (input: any, user: ServiceAuthResult) => unknown> = {
    [NSIDS.create]: (input) => {
      const did = DID_IN_AT_URI.exec(input.sourceUri)?.[1]
      if (!did) throw invalid(`Invalid AT-URI format: ${input.sourceUri} (field: sourceUri)`)
      return view(
        store.upsert({
          sourceUri: input.sourceUri,
          sourceType: input.sourceType,
          sourceDid: did,
          targetUri: input.targetUri,
          context: input.context,
        }),
      )
    },
    [NSIDS.delete]: (input) => {
      store.markDeleted(input.sourceUri)
      return { success: true }
    },
  }
  const queries: Record<string, (params: any) => unknown> = {
    [NSIDS.list]: (params) => {
      let afterId: number | undefined
      if (params.cursor !== undefined) {
        afterId = Number.parseInt(params.cursor, 10)
        if (Number.isNaN(afterId)) throw invalid('Malformed cursor')
      }
      const { rows, cursor } = store.list(params.targetUri, {
        sourceType: params.sourceType,
        limit: Math.min(params.limit ?? 50, 100),
        afterId,
      })
      return { backlinks: rows.map(view), ...(cursor ? { cursor } : {}), hasMore: cursor !== undefined }
    },
    [NSIDS.getCounts]: (params) => store.counts(params.targetUri),
  }

  const counters: Record<string, number> = {}
  let limited = 0
  let limits = { ...CHIVE_RATE_LIMITS }
  const windows = new Map<string, { start: number; count: number }>()
  /** The CORS headers for this request's Origin: Chive's own origins only (none for the rest). */
  const cors = (req: http.IncomingMessage): Record<string, string> => {
    const origin = req.headers.origin
    if (!origin || !CHIVE_ORIGINS.includes(origin)) return {}
    return { ...PERMISSIVE_CORS, 'access-control-allow-origin': origin, vary: 'Origin' }
  }
  /** Counts the request in its client's window; the seconds to wait when over the limit. */
  const overLimit = (key: string, limit: number): number | undefined => {
    const now = Date.now()
    let w = windows.get(key)
    if (!w || now - w.start >= limits.windowMs) windows.set(key, (w = { start: now, count: 0 }))
    w.count++
    return w.count > limit ? Math.max(1, Math.ceil((w.start + limits.windowMs - now) / 1000)) : undefined
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://chive.invalid')
    const nsid = url.pathname.startsWith('/xrpc/') ? url.pathname.slice('/xrpc/'.length) : ''
    counters[req.method === 'OPTIONS' ? 'OPTIONS' : nsid || url.pathname] = (counters[req.method === 'OPTIONS' ? 'OPTIONS' : nsid || url.pathname] ?? 0) + 1
    const PERMISSIVE_CORS = cors(req)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, PERMISSIVE_CORS)
      return res.end()
    }
    // Anonymous clients by address (behind the page server's proxy, its forwarded address), signed-in
    // ones by DID: Chive's windows. The token is checked again below, as Chive's pipeline does.
    const procedure = procedures[nsid]
    const signedIn = procedure && req.method === 'POST' ? await auth.authenticate(req.headers.authorization).catch(() => undefined) : undefined
    const address = String(req.headers['x-forwarded-for'] ?? req.socket.remoteAddress ?? 'unknown')
    const wait = signedIn ? overLimit(`did:${signedIn.did}`, limits.authenticated) : overLimit(`ip:${address}`, limits.anonymous)
    if (wait !== undefined) {
      limited++
      return sendJson(res, 429, { error: 'RateLimitExceeded', message: 'Rate limit exceeded' }, { ...PERMISSIVE_CORS, 'retry-after': String(wait) })
    }
    try {
      const query = queries[nsid]
      if (procedure && req.method === 'POST') {
        const user = signedIn
        if (!user) throw new XrpcFailure(401, 'AuthenticationRequired', 'Authentication Required')
        let input: unknown = undefined
        if ((req.headers['content-type'] ?? '').includes('application/json')) {
          try {
            input = JSON.parse(await readBody(req))
          } catch {
            throw invalid('Invalid JSON body')
          }
          try {
            lexicons.assertValidXrpcInput(nsid, input)
          } catch (err) {
            throw invalid((err as Error).message)
          }
        }
        if (input === undefined) throw invalid('Request body is required (field: input)')
        return sendJson(res, 200, procedure(input, user), PERMISSIVE_CORS)
      }
      if (query && req.method === 'GET') {
        const params = decodeParams(lexicons, nsid, url)
        try {
          lexicons.assertValidXrpcParams(nsid, params)
        } catch (err) {
          throw invalid((err as Error).message)
        }
        return sendJson(res, 200, query(params), PERMISSIVE_CORS)
      }
      throw new XrpcFailure(404, 'NotFound', `no route ${req.method} ${url.pathname}`)
    } catch (err) {
      if (err instanceof XrpcFailure) return sendJson(res, err.status, { error: err.error, message: err.message }, PERMISSIVE_CORS)
      if (err instanceof CheckViolation) {
        return sendJson(res, 500, { error: 'InternalServerError', message: err.message }, PERMISSIVE_CORS)
      }
      opts.log?.(`chive: ${(err as Error).stack ?? err}`)
      return sendJson(res, 500, { error: 'InternalServerError', message: 'An internal error occurred' }, PERMISSIVE_CORS)
    }
  }

  let server: http.Server | undefined
  // Serialise start/stop so overlapping control requests cannot interleave (as pds.ts).
  let queue: Promise<unknown> = Promise.resolve()
  const serial = (fn: () => Promise<void>): Promise<void> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }
  const start = () =>
    serial(async () => {
      if (server) return
      const created = http.createServer((req, res) => void handle(req, res))
      await listenLoopback(created, opts.port)
      opts.onServer?.(created)
      server = created
    })
  const stop = () =>
    serial(async () => {
      if (!server) return
      const current = server
      server = undefined
      await closeServer(current)
    })
  await start()
  return {
    url: `http://127.0.0.1:${opts.port}`,
    store,
    auth,
    counters,
    get limited() {
      return limited
    },
    resetCounters() {
      for (const key of Object.keys(counters)) delete counters[key]
      limited = 0
    },
    setLimits(next) {
      limits = { ...CHIVE_RATE_LIMITS, ...next }
      windows.clear()
    },
    get running() {
      return server !== undefined
    },
    start,
    stop,
    close: stop,
  }
}
