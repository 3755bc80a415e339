// Which recorded requests are the extension's, and whether each was one it meant to make. Pure, so
// the rules are unit-tested (tests/unit/hostile/attribution.test.ts) apart from any browser.

/** A request as the sandbox recorded it (tests/sandbox/request-log.ts), or as a browser driver saw
 * the extension send it (then only `host` and `path` are known). */
export interface SeenRequest {
  method?: string
  host: string
  path: string
  origin?: string
  secFetchSite?: string
  secFetchMode?: string
  forwarded?: boolean
}

/**
 * Is this request the extension's? Its `Origin` says so (`chrome-extension://<id>`, and
 * `moz-extension://<uuid>` in Firefox) — except that Chromium sends no Origin at all on an
 * extension's fetch to a host it holds permission for. Verified here (Chromium 156): the worker's
 * requests to the PDS and PLC (no host permission: CORS) carry `Origin: chrome-extension://<id>`
 * and `Sec-Fetch-Site: cross-site`, preflights included; its `ink.branchline.getBranch`/`getBuds`
 * to branchline.ink (host permission) arrive with no Origin and `Sec-Fetch-Site: none`. No web
 * page can send a non-navigation request with `Sec-Fetch-Site: none` (that value means "the user or
 * the browser itself"), so those count as the extension's too. Requests the page server proxied to
 * a stand-in are counted once, where the browser sent them (`forwarded`).
 * The driver's own witness (CDP Network on the worker target) covers what never reaches the
 * sandbox (a request to a real host) and does not depend on these headers.
 */
export function isExtensionRequest(request: SeenRequest, extensionOrigin: string): boolean {
  if (request.forwarded) return false
  if (request.origin !== undefined) return request.origin === extensionOrigin
  return request.secFetchSite === 'none' && request.secFetchMode !== undefined && request.secFetchMode !== 'navigate'
}

/** One kind of request a page may legitimately cause, and why. */
export interface RequestRule {
  why: string
  /** Host header as sent (`branchline.ink`, `localhost:3583`). */
  host: string
  pathname: string
  /** Further conditions on the query (e.g. which bud). */
  query?: (query: URLSearchParams) => boolean
  method?: string
  /** At most this many such requests (default 1). */
  max?: number
}

export interface Violation {
  request: SeenRequest
  reason: string
}

function split(path: string): { pathname: string; query: URLSearchParams } {
  const url = new URL(path, 'https://split.invalid')
  return { pathname: url.pathname, query: url.searchParams }
}

export function matches(rule: RequestRule, request: SeenRequest): boolean {
  if (rule.host !== request.host) return false
  if (rule.method && request.method && rule.method !== request.method.toUpperCase()) return false
  const { pathname, query } = split(request.path)
  return pathname === rule.pathname && (!rule.query || rule.query(query))
}

/** Every request no rule allows, and every request past its rules' `max`. Rules add up: a request
 * counts against the first matching rule that still has room, so a page that lists the same
 * allowance twice (one per bud it visits, say) may make it twice as often. */
export function unexpectedRequests(requests: SeenRequest[], rules: RequestRule[]): Violation[] {
  const counts = new Map<RequestRule, number>()
  const violations: Violation[] = []
  for (const request of requests) {
    const matching = rules.filter((r) => matches(r, request))
    if (!matching.length) {
      violations.push({ request, reason: 'no rule allows it' })
      continue
    }
    const rule = matching.find((r) => (counts.get(r) ?? 0) < (r.max ?? 1))
    if (!rule) {
      const first = matching[0]!
      const allowed = matching.reduce((sum, r) => sum + (r.max ?? 1), 0)
      violations.push({ request, reason: `more than ${allowed} × "${first.why}"` })
      continue
    }
    counts.set(rule, (counts.get(rule) ?? 0) + 1)
  }
  return violations
}

/** `https://host/path?q` ⇒ the host and path a server would see. */
export function fromUrl(url: string, method?: string): SeenRequest {
  const parsed = new URL(url)
  return { host: parsed.host, path: parsed.pathname + parsed.search, ...(method ? { method } : {}) }
}

/** Does the request name this AT-URI anywhere (raw, or percent-encoded once or twice)? */
export function mentions(request: SeenRequest, uri: string): boolean {
  const once = encodeURIComponent(uri)
  return [uri, once, encodeURIComponent(once)].some((form) => request.path.includes(form))
}
