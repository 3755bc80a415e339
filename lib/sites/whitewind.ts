import { decodeOnce, rawSegments, recordPageRef, siteUrl, type RecordPageRef } from './url'

// Everything Tendril assumes about WhiteWind (whtwnd.com) lives here. Source: REFERENCE.md "Sources
// that cite eprints" (whitewind.blog row) and the routes of whtwnd/whitewind-blog's Next.js app
// (frontend/src/app/): `[authorIdentity]/[rkey]` and `[authorIdentity]/[rkey]/[cid]` show an entry;
// static routes beside them (listed below) win over the dynamic ones and show something else.

export const WHITEWIND_HOST = 'whtwnd.com'
export const ENTRY_NSID = 'com.whtwnd.blog.entry'

/** First segments that are site pages, not authors (frontend/src/app/<name>). */
const RESERVED_FIRST = new Set(['about', 'api', 'edit', 'favicon.ico', 'lexicons', 'oauth', 'sitemap.xml'])
/** Second segments that are author pages, not rkeys: the editor and `entries/<title>` (a title, not
 * a key: that page's head names the entry, the URL cannot). */
const RESERVED_SECOND = new Set(['edit', 'entries'])

export interface EntryPageRef extends RecordPageRef {
  /** The version in the URL; the record identity is the rkey, the CID only picks a version. */
  cid?: string
}

/**
 * `https://whtwnd.com/<handle|did>/<rkey>[/<cid>]` ⇒ the entry it shows. The editor
 * (`…/<rkey>/edit`, `…/<rkey>/<cid>/edit`) is not matched.
 */
export function parseEntryUrl(input: string | URL): EntryPageRef | undefined {
  const url = siteUrl(input, WHITEWIND_HOST)
  const parts = url && rawSegments(url.pathname)
  if (!parts || parts.length < 2 || parts.length > 3) return undefined
  const [first, second, third] = parts.map(decodeOnce)
  if (first === undefined || second === undefined || RESERVED_FIRST.has(first) || RESERVED_SECOND.has(second)) {
    return undefined
  }
  const ref = recordPageRef(parts[0]!, parts[1]!, ENTRY_NSID)
  if (!ref || parts.length === 2) return ref
  return third !== undefined && isCidLike(third) ? { ...ref, cid: third } : undefined
}

/** The shape of a CID as WhiteWind links it: v1 in base32 (`bafyrei…`) or v0 (`Qm…`, 46 chars).
 * Shape only, no multihash check: a wrong CID just names no version, the verifier reads the record. */
function isCidLike(cid: string): boolean {
  return /^b[a-z2-7]{50,100}$/.test(cid) || /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(cid)
}

const DID = 'did:plc:fzkpgpjj7nki7r5rhtmgzrez'
const RKEY = '3kuxtpvc5v22p'
const URI = `at://${DID}/${ENTRY_NSID}/${RKEY}`
const CID = 'bafyreigdmqpykrgxyaxtlafqpqhzrb7qy2rh75nldvfd4tucqmqqme5yje'

/** Example URLs the detector must understand; the unit tests iterate over them. */
export const ENTRY_PAGE_EXAMPLES: Array<[url: string, expected: EntryPageRef | undefined]> = [
  [`https://whtwnd.com/${DID}/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://whtwnd.com/${DID}/${RKEY}/`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://whtwnd.com/${DID}/${RKEY}?utm_source=bsky#heading-2`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://www.whtwnd.com/${DID}/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://whtwnd.com/${DID}/${RKEY}/${CID}`, { actor: DID, rkey: RKEY, uri: URI, cid: CID }],
  [`https://whtwnd.com/did%3Aplc%3Afzkpgpjj7nki7r5rhtmgzrez/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://whtwnd.com/writer.example.com/${RKEY}`, { actor: 'writer.example.com', rkey: RKEY }],
  [`https://whtwnd.com/Writer.Example.COM/${RKEY}/${CID}`, { actor: 'writer.example.com', rkey: RKEY, cid: CID }],
  // Other hosts, schemes and ports.
  [`http://whtwnd.com/${DID}/${RKEY}`, undefined],
  [`https://whtwnd.com.evil.example/${DID}/${RKEY}`, undefined],
  [`https://whtwnd.org/${DID}/${RKEY}`, undefined],
  [`https://whtwnd.com:444/${DID}/${RKEY}`, undefined],
  // Other pages of the site: static routes, the editor, entries by title, author pages.
  [`https://whtwnd.com/${DID}`, undefined],
  [`https://whtwnd.com/${DID}/edit`, undefined],
  [`https://whtwnd.com/${DID}/entries`, undefined],
  [`https://whtwnd.com/${DID}/entries/My%20first%20post`, undefined],
  [`https://whtwnd.com/${DID}/${RKEY}/edit`, undefined],
  [`https://whtwnd.com/${DID}/${RKEY}/${CID}/edit`, undefined],
  [`https://whtwnd.com/favicon.ico/${RKEY}`, undefined],
  ['https://whtwnd.com/api/og', undefined],
  ['https://whtwnd.com/oauth/callback', undefined],
  ['https://whtwnd.com/', undefined],
  [`https://whtwnd.com//${DID}/${RKEY}`, undefined],
  // Invalid actors, keys and CIDs; malformed or double encoding.
  [`https://whtwnd.com/writer/${RKEY}`, undefined],
  [`https://whtwnd.com/did%253Aplc%253Afzkpgpjj7nki7r5rhtmgzrez/${RKEY}`, undefined],
  [`https://whtwnd.com/${DID}/%E0%A4%A`, undefined],
  [`https://whtwnd.com/${DID}/bad%20key`, undefined],
  [`https://whtwnd.com/${DID}/${RKEY}/not-a-cid`, undefined],
  [`https://whtwnd.com/${DID}/${RKEY}/${CID.toUpperCase()}`, undefined],
  [`https://whtwnd.com/${DID}/${RKEY}%2F${CID}`, undefined],
]
