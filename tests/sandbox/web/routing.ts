// Which page a request names: pure, from the Host header and the raw path, so the URL shapes of the
// real sites are tested on their own (tests/unit/sandbox-web/routing.test.ts).

import { SANDBOX_HOSTS, type SandboxHost } from '../config.ts'

export type Route =
  | { kind: 'unknown-host'; host: string }
  | { kind: 'not-found'; host: SandboxHost }
  | { kind: 'method-not-allowed'; host: SandboxHost }
  | { kind: 'proxy'; host: SandboxHost; upstream: 'branchline' | 'chive' }
  | { kind: 'branchline-home'; fragment: boolean }
  | { kind: 'bud'; actor: string; rkey: string; fragment: boolean; hostile?: string }
  | { kind: 'chive-home' }
  | { kind: 'eprint'; uri: string }
  | { kind: 'eprint-legacy'; did: string; rkey: string }
  | { kind: 'bsky-post'; actor: string; rkey: string; hostile?: string }
  | { kind: 'whtwnd-entry'; actor: string; rkey: string; cid?: string }
  | { kind: 'whtwnd-entry-by-title'; actor: string; title: string }
  | { kind: 'leaflet-document'; actor: string; rkey: string }
  | { kind: 'semble-collection'; actor: string; rkey: string }
  | { kind: 'blog-home' }
  | { kind: 'lookalike-bud'; actor: string; rkey: string }
  | { kind: 'hostile-index' }
  | { kind: 'hostile-page'; name: string }
  | { kind: 'beacon'; beacon: 'executed' | 'ran' }
  | { kind: 'favicon' }

/** `branchline.ink:443` → `branchline.ink`; `www.` is dropped; unknown hosts give undefined. */
export function sandboxHost(hostHeader: string | undefined): SandboxHost | undefined {
  if (!hostHeader) return undefined
  const host = hostHeader
    .trim()
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '')
  return (SANDBOX_HOSTS as readonly string[]).includes(host) ? (host as SandboxHost) : undefined
}

function segment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** Splits a path into decoded, non-empty segments (a trailing slash is ignored). */
function segments(pathname: string): string[] | undefined {
  const parts = pathname.split('/').filter((p) => p !== '')
  const decoded = parts.map(segment)
  return decoded.every((p) => p !== undefined) ? (decoded as string[]) : undefined
}

/**
 * `/eprints/<encodeURIComponent(at-uri)>` or the raw `/eprints/at://…` form (browsers keep the
 * double slash; some tools collapse it to `at:/`) ⇒ the AT-URI, else undefined.
 */
export function eprintUriFromPath(pathname: string): string | undefined {
  const prefix = '/eprints/'
  if (!pathname.startsWith(prefix)) return undefined
  const rest = segment(pathname.slice(prefix.length).replace(/\/+$/, ''))
  if (!rest) return undefined
  const match = /^at:\/+(.+)$/.exec(rest)
  return match ? `at://${match[1]}` : undefined
}

/** The route for a request. `pathname` is the raw (still percent-encoded) path. */
export function routeRequest(hostHeader: string | undefined, method: string, pathname: string, search = ''): Route {
  const host = sandboxHost(hostHeader)
  if (!host) return { kind: 'unknown-host', host: hostHeader ?? '' }
  const notFound: Route = { kind: 'not-found', host }

  if (pathname === '/xrpc' || pathname.startsWith('/xrpc/')) {
    if (host === 'branchline.ink') return { kind: 'proxy', host, upstream: 'branchline' }
    if (host === 'chive.pub' || host === 'api.chive.pub') return { kind: 'proxy', host, upstream: 'chive' }
    return notFound
  }
  // Browsers ask every host for one; a 404 would be a console error in every page a test watches.
  if (pathname === '/favicon.ico' && (method === 'GET' || method === 'HEAD')) return { kind: 'favicon' }
  // Beacons answer any method: `navigator.sendBeacon` POSTs, an `<img>` GETs.
  if (host === 'hostile.example' && (pathname === '/beacon' || pathname === '/ran')) {
    return { kind: 'beacon', beacon: pathname === '/beacon' ? 'executed' : 'ran' }
  }
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'method-not-allowed', host }

  const parts = segments(pathname)
  if (!parts) return notFound
  const query = new URLSearchParams(search)

  switch (host) {
    case 'branchline.ink': {
      if (parts.length === 0) return { kind: 'branchline-home', fragment: query.get('fragment') === '1' }
      if (parts.length === 3 && parts[0] === 'bud' && parts[1] && parts[2]) {
        // `?hostile=<name>` (test-only): the real bud page with an attack script of the hostile
        // suite added (tests/sandbox/web/sites/hostile.ts). The real site ignores unknown queries,
        // and Tendril's URL parser does too, so the page still names this bud.
        const hostile = query.get('hostile')
        return {
          kind: 'bud',
          actor: parts[1],
          rkey: parts[2],
          fragment: query.get('fragment') === '1',
          ...(hostile ? { hostile } : {}),
        }
      }
      return notFound
    }
    case 'branchline.ink.example.test': {
      // A lookalike host serving Branchline's bud pages: the host merely starts with branchline.ink.
      if (parts.length === 3 && parts[0] === 'bud' && parts[1] && parts[2]) return { kind: 'lookalike-bud', actor: parts[1], rkey: parts[2] }
      return notFound
    }
    case 'hostile.example': {
      if (parts.length === 0) return { kind: 'hostile-index' }
      if (parts.length === 1) return { kind: 'hostile-page', name: parts[0]! }
      return notFound
    }
    case 'chive.pub':
    case 'api.chive.pub': {
      if (parts.length === 0) return { kind: 'chive-home' }
      if (parts[0] === 'eprints') {
        const uri = eprintUriFromPath(pathname)
        return uri ? { kind: 'eprint', uri } : notFound
      }
      if (parts.length === 3 && (parts[0] === 'eprint' || parts[0] === 'paper') && parts[1]!.startsWith('did:')) {
        return { kind: 'eprint-legacy', did: parts[1]!, rkey: parts[2]! }
      }
      return notFound
    }
    case 'bsky.app': {
      if (parts.length === 4 && parts[0] === 'profile' && parts[2] === 'post') {
        // `?hostile=<name>` (test-only), as for bud pages: the real post page plus an attack script.
        const hostile = query.get('hostile')
        return { kind: 'bsky-post', actor: parts[1]!, rkey: parts[3]!, ...(hostile ? { hostile } : {}) }
      }
      return notFound
    }
    case 'whtwnd.com': {
      if (parts.length === 3 && parts[1] === 'entries') return { kind: 'whtwnd-entry-by-title', actor: parts[0]!, title: parts[2]! }
      if (parts.length === 2) return { kind: 'whtwnd-entry', actor: parts[0]!, rkey: parts[1]! }
      if (parts.length === 3) return { kind: 'whtwnd-entry', actor: parts[0]!, rkey: parts[1]!, cid: parts[2]! }
      return notFound
    }
    case 'leaflet.pub': {
      if (parts.length === 3 && parts[0] === 'p') return { kind: 'leaflet-document', actor: parts[1]!, rkey: parts[2]! }
      return notFound
    }
    case 'semble.so': {
      if (parts.length === 4 && parts[0] === 'profile' && parts[2] === 'collections') {
        return { kind: 'semble-collection', actor: parts[1]!, rkey: parts[3]! }
      }
      return notFound
    }
    case 'reading-notes.example': {
      if (parts.length === 0) return { kind: 'blog-home' }
      return notFound
    }
  }
}
