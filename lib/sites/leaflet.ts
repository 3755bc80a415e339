import { isValidDid } from '@atproto/syntax'
import { decodeOnce, rawSegments, recordPageRef, siteUrl, type RecordPageRef } from './url'

// Everything Tendril assumes about Leaflet (leaflet.pub) lives here. Source: REFERENCE.md "Sources
// that cite eprints" (leaflet.list row) and hyperlink-academy/leaflet's routes (app/(app)/…):
// `(published)/p/[didOrHandle]/[rkey]` and `(published)/lish/[did]/[publication]/[rkey]`. Both
// look the rkey up under two collections at once (src/utils/uriHelpers.ts documentUriFilter) and
// keep the first by URI descending, so `site.standard.document` wins over `pub.leaflet.document`.
// Publications on their own domains (`*.leaflet.pub`, custom domains) are a later issue.

export const LEAFLET_HOST = 'leaflet.pub'
export const STANDARD_DOCUMENT_NSID = 'site.standard.document'
export const LEAFLET_DOCUMENT_NSID = 'pub.leaflet.document'
/** The collections a document URL may name, in the order to try (Leaflet's own preference). */
export const DOCUMENT_COLLECTIONS = [STANDARD_DOCUMENT_NSID, LEAFLET_DOCUMENT_NSID] as const

/** Profile sub-pages that share the `/p/<actor>/<x>` shape ((identity)/(home-pages)/p/…). */
const RESERVED_P = new Set(['comments', 'subscriptions'])
/** Publication pages that share the `/lish/<did>/<pub>/<x>` shape. A publication's own custom pages
 * (publication_pages paths) share it too; they name no document, so the record fetch finds none. */
const RESERVED_LISH = new Set([
  'archive', 'atom', 'contributor_accept', 'dashboard', 'edit', 'icon', 'join', 'json', 'robots.txt', 'rss',
  'sitemap.xml', 'subscribe', 'subscribeSuccess', 'theme-settings',
])

export interface DocumentPageRef extends Omit<RecordPageRef, 'uri'> {
  collections: readonly string[]
  /** One AT-URI per collection, same order; known only when `actor` is a DID. */
  uris?: string[]
}

/**
 * `https://leaflet.pub/p/<did|handle>/<rkey>` or `/lish/<did>/<publication>/<rkey>` ⇒ the
 * candidate records of the document it shows. Quote pages (`…/l-quote/<quote>`) are not matched.
 */
export function parseDocumentUrl(input: string | URL): DocumentPageRef | undefined {
  const url = siteUrl(input, LEAFLET_HOST)
  const parts = url && rawSegments(url.pathname)
  if (!parts) return undefined
  let ref: RecordPageRef | undefined
  if (parts.length === 3 && parts[0] === 'p') {
    if (RESERVED_P.has(decodeOnce(parts[2]!) ?? '')) return undefined
    ref = recordPageRef(parts[1]!, parts[2]!, STANDARD_DOCUMENT_NSID)
  } else if (parts.length === 4 && parts[0] === 'lish') {
    // Leaflet builds these from the publication's DID only; the publication segment (its rkey or
    // name) does not take part in the document lookup, so it only has to be decodable.
    const did = decodeOnce(parts[1]!)
    if (!did || !isValidDid(did) || !decodeOnce(parts[2]!) || RESERVED_LISH.has(decodeOnce(parts[3]!) ?? '')) {
      return undefined
    }
    ref = recordPageRef(parts[1]!, parts[3]!, STANDARD_DOCUMENT_NSID)
  }
  if (!ref) return undefined
  const { actor, rkey } = ref
  if (!ref.uri) return { actor, rkey, collections: DOCUMENT_COLLECTIONS }
  const uris = DOCUMENT_COLLECTIONS.map((c) => `at://${actor}/${c}/${rkey}`)
  return { actor, rkey, collections: DOCUMENT_COLLECTIONS, uris }
}

const DID = 'did:plc:btxrwcaeyodrap5mnjw2fvmz'
const RKEY = '3lwqcnrr5hk2a'
const URIS = DOCUMENT_COLLECTIONS.map((c) => `at://${DID}/${c}/${RKEY}`)
const BY_DID: DocumentPageRef = { actor: DID, rkey: RKEY, collections: DOCUMENT_COLLECTIONS, uris: URIS }
const BY_HANDLE: DocumentPageRef = { actor: 'writer.leaflet.pub', rkey: RKEY, collections: DOCUMENT_COLLECTIONS }

/** Example URLs the detector must understand; the unit tests iterate over them. */
export const DOCUMENT_PAGE_EXAMPLES: Array<[url: string, expected: DocumentPageRef | undefined]> = [
  [`https://leaflet.pub/p/${DID}/${RKEY}`, BY_DID],
  // Leaflet's own redirect from a handle URL encodes the DID.
  [`https://leaflet.pub/p/did%3Aplc%3Abtxrwcaeyodrap5mnjw2fvmz/${RKEY}`, BY_DID],
  [`https://leaflet.pub/p/${DID}/${RKEY}/`, BY_DID],
  [`https://leaflet.pub/p/${DID}/${RKEY}?interactionDrawer=comments#3lwqd`, BY_DID],
  [`https://www.leaflet.pub/p/${DID}/${RKEY}`, BY_DID],
  [`https://leaflet.pub/p/writer.leaflet.pub/${RKEY}`, BY_HANDLE],
  [`https://leaflet.pub/p/Writer.Leaflet.PUB/${RKEY}`, BY_HANDLE],
  [`https://leaflet.pub/lish/${DID}/3lwqcm6vyy22a/${RKEY}`, BY_DID],
  [`https://leaflet.pub/lish/did%3Aplc%3Abtxrwcaeyodrap5mnjw2fvmz/Field%20Notes/${RKEY}`, BY_DID],
  // Other hosts, schemes and ports; publications on their own domains are not this issue's.
  [`http://leaflet.pub/p/${DID}/${RKEY}`, undefined],
  [`https://leaflet.pub.evil.example/p/${DID}/${RKEY}`, undefined],
  [`https://fieldnotes.leaflet.pub/${RKEY}`, undefined],
  [`https://leaflet.pub:8080/p/${DID}/${RKEY}`, undefined],
  // Other pages of the site that share the shapes.
  [`https://leaflet.pub/p/${DID}`, undefined],
  [`https://leaflet.pub/p/${DID}/comments`, undefined],
  [`https://leaflet.pub/p/${DID}/subscriptions`, undefined],
  [`https://leaflet.pub/p/${DID}/${RKEY}/l-quote/abc`, undefined],
  [`https://leaflet.pub/lish/${DID}/3lwqcm6vyy22a`, undefined],
  [`https://leaflet.pub/lish/${DID}/3lwqcm6vyy22a/dashboard`, undefined],
  [`https://leaflet.pub/lish/${DID}/3lwqcm6vyy22a/rss`, undefined],
  [`https://leaflet.pub/lish/${DID}/3lwqcm6vyy22a/subscribeSuccess`, undefined],
  [`https://leaflet.pub/lish/uri/at%3A%2F%2F${DID}%2Fsite.standard.document%2F${RKEY}`, undefined],
  [`https://leaflet.pub/${RKEY}`, undefined],
  [`https://leaflet.pub/x/${DID}/${RKEY}`, undefined],
  // /lish names its publication by DID only: a handle there is not Leaflet's shape.
  [`https://leaflet.pub/lish/writer.leaflet.pub/3lwqcm6vyy22a/${RKEY}`, undefined],
  // Invalid actors and keys; malformed or double encoding.
  [`https://leaflet.pub/p/writer/${RKEY}`, undefined],
  [`https://leaflet.pub/p/did%253Aplc%253Abtxrwcaeyodrap5mnjw2fvmz/${RKEY}`, undefined],
  [`https://leaflet.pub/lish/${DID}/%E0%A4%A/${RKEY}`, undefined],
  [`https://leaflet.pub/p/${DID}/bad%20key`, undefined],
  [`https://leaflet.pub/p/${DID}/%E0%A4%A`, undefined],
]
