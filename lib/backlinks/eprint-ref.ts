import { isValidDid, isValidHandle, isValidRecordKey } from '@atproto/syntax'

// Which Chive eprint a link found inside a record points at. Assumed (../shared/REFERENCE.md, "Chive",
// read from chive-pub/chive v0.6.3): an eprint is a `pub.chive.eprint.submission` record; its page is
// `https://chive.pub/eprints/<encodeURIComponent(at-uri)>`, and the unencoded `/eprints/at://…` form
// also occurs. The web app has no `/eprint/…` or `/paper/…` routes, so those are not eprint links.
//
// Decision on handles: an AT-URI may name its repo by handle (`at://ada.example/…`). Chive stores only
// DID-based AT-URIs, and a handle must never be compared with a DID as text, so a handle-based eprint
// comes back with `needsResolve: true` (handle lower-cased) and the caller resolves it before comparing
// or writing. `eprintUriFromCitation` returns only what needs no resolving.

export const CHIVE_HOST = 'chive.pub'
export const EPRINT_NSID = 'pub.chive.eprint.submission'

export interface EprintRef {
  /** `at://<did|handle>/pub.chive.eprint.submission/<rkey>` */
  uri: string
  /** The repo is a handle: resolve it to a DID before comparing with anything or sending it. */
  needsResolve: boolean
}

/** Query parameters that only say where a click came from; they never change what a URL names. */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|ref|ref_src|ref_url)$/i

/**
 * A URL in the form Tendril compares: https, host lower-case without `www.`, no fragment, no tracking
 * parameters, no trailing slash. `undefined` for anything that is not an http(s) URL or carries
 * credentials (a `user@` URL is a classic disguise).
 */
export function normaliseUrl(input: string): URL | undefined {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  if (url.username || url.password) return undefined
  url.protocol = 'https:'
  url.hostname = url.hostname.replace(/^www\./, '')
  url.hash = ''
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key)
  // Setting `search` to '' drops a lone '?' left after deleting every parameter.
  if (![...url.searchParams.keys()].length) url.search = ''
  url.pathname = url.pathname.replace(/\/+$/, '') || '/'
  return url
}

/**
 * The eprint a link names: a Chive eprint page URL (any of the forms above, http or https, with or
 * without `www.`, tracking parameters, fragment or trailing slash) or an eprint AT-URI. `undefined` for
 * anything else, including other chive.pub pages and doubly-encoded URIs.
 */
export function eprintRefFromCitation(target: string): EprintRef | undefined {
  const trimmed = target.trim()
  if (trimmed.startsWith('at://')) return parseEprintAtUri(trimmed)
  const url = normaliseUrl(trimmed)
  if (!url || url.hostname !== CHIVE_HOST || url.port !== '') return undefined
  const match = /^\/eprints\/(.+)$/.exec(url.pathname)
  if (!match) return undefined
  // Exactly one percent-decoding, as the page's router does: `at%3A%2F%2F…` is the canonical form,
  // while `at%253A…` (encoded twice) decodes to `at%3A…`, which names no eprint.
  let decoded: string
  try {
    decoded = decodeURIComponent(match[1]!)
  } catch {
    return undefined
  }
  return parseEprintAtUri(decoded)
}

/** The DID-based eprint AT-URI a link names; handle-based ones need `eprintRefFromCitation`. */
export function eprintUriFromCitation(target: string): string | undefined {
  const ref = eprintRefFromCitation(target)
  return ref && !ref.needsResolve ? ref.uri : undefined
}

/** Strict: exactly `at://<repo>/pub.chive.eprint.submission/<rkey>`, no query, fragment or extra path
 * (AtUri from @atproto/syntax would accept those and quietly drop them). */
function parseEprintAtUri(uri: string): EprintRef | undefined {
  const match = /^at:\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)$/.exec(uri)
  if (!match) return undefined
  const [, repo, collection, rkey] = match as unknown as [string, string, string, string]
  if (collection !== EPRINT_NSID || !isValidRecordKey(rkey) || rkey === '.' || rkey === '..') return undefined
  if (isValidDid(repo)) return { uri: `at://${repo}/${EPRINT_NSID}/${rkey}`, needsResolve: false }
  const handle = repo.toLowerCase()
  if (!isValidHandle(handle)) return undefined
  return { uri: `at://${handle}/${EPRINT_NSID}/${rkey}`, needsResolve: true }
}
