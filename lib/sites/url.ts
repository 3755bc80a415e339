import { isValidDid, isValidHandle, isValidRecordKey } from '@atproto/syntax'

// Small pieces the peer parsers share (chive, bluesky, whitewind, leaflet). Each peer's own facts
// (hosts, NSIDs, routes) stay in that peer's file; this file knows only URLs and atproto syntax.

/** A record named by a page URL: the author may be a handle until the worker resolves it. */
export interface RecordPageRef {
  /** DID, or handle lower-cased (handles are case-insensitive; DIDs are not). */
  actor: string
  rkey: string
  /** `at://<did>/<collection>/<rkey>`, known only when `actor` is a DID. */
  uri?: string
}

/**
 * The URL if it is an https page on `host` (a leading `www.` is dropped, as the sites redirect it),
 * on the default port; anything else, including lookalikes such as `host.evil.example`, names nothing.
 */
export function siteUrl(input: string | URL, host: string, base?: string): URL | undefined {
  let url: URL
  try {
    url = new URL(input, base)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' || url.port !== '') return undefined
  return url.hostname.replace(/^www\./, '') === host ? url : undefined
}

/**
 * The raw path segments, still percent-encoded. One trailing slash is allowed (the sites serve the
 * same page); an empty segment anywhere else (`//`) is a different path and names nothing.
 */
export function rawSegments(pathname: string): string[] | undefined {
  const parts = pathname.replace(/\/$/, '').split('/').slice(1)
  return parts.length > 0 && parts.every((p) => p !== '') ? parts : undefined
}

/** One percent-decoding, as the sites' routers do; malformed escapes name nothing. Decoded once
 * only: `did%253A…` stays `did%3A…`, which is neither a DID nor a handle. */
export function decodeOnce(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}

/** A DID as written, or a valid handle lower-cased; anything else undefined. */
export function normaliseActor(actor: string): string | undefined {
  if (isValidDid(actor)) return actor
  const handle = actor.toLowerCase()
  return isValidHandle(handle) ? handle : undefined
}

/** `isValidRecordKey` plus the two keys the spec forbids that the validator's charset allows. */
export function isRecordKey(rkey: string): boolean {
  return rkey !== '.' && rkey !== '..' && isValidRecordKey(rkey)
}

/** Raw (encoded) actor and rkey segments ⇒ a ref to `collection`, or undefined if either is bad. */
export function recordPageRef(rawActor: string, rawRkey: string, collection: string): RecordPageRef | undefined {
  const decodedActor = decodeOnce(rawActor)
  const rkey = decodeOnce(rawRkey)
  if (decodedActor === undefined || rkey === undefined || !isRecordKey(rkey)) return undefined
  const actor = normaliseActor(decodedActor)
  if (actor === undefined) return undefined
  return isValidDid(actor) ? { actor, rkey, uri: `at://${actor}/${collection}/${rkey}` } : { actor, rkey }
}

/** The address without its fragment: `#bud-<rkey>`, `#reply` and the like name the same page. */
export const withoutFragment = (url: string) => url.split('#')[0]!
