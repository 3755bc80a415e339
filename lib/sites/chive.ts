import { isValidDid } from '@atproto/syntax'
import { decodeOnce, isRecordKey, normaliseActor, siteUrl } from './url'

// Everything Tendril assumes about Chive (chive.pub) lives here. Source: REFERENCE.md "Chive" and
// chive-pub/chive web/app/eprints/[...uri]/page.tsx: the page rebuilds the AT-URI with one
// `decodeURIComponent` of the path after `/eprints/`, refuses anything not starting with `at://`,
// and emits `<link rel="alternate" type="application/at-uri" href="<that AT-URI>">`. Its
// `/eprints/citations/…` and `/eprints/edit/…` pages start otherwise and are not eprint pages.

export const CHIVE_HOST = 'chive.pub'
export const CHIVE_ORIGIN = 'https://chive.pub'
/** Chive's service DID, the `aud` of service-auth tokens (the production default). */
export const CHIVE_SERVICE_DID = 'did:web:chive.pub'
export const EPRINT_NSID = 'pub.chive.eprint.submission'

/** An eprint named by a page, link or head tag; a handle-based AT-URI waits for the worker. */
export interface EprintRef {
  /** `at://<did>/pub.chive.eprint.submission/<rkey>`, known only when `actor` is a DID. */
  uri?: string
  /** DID, or handle lower-cased. */
  actor: string
  collection: typeof EPRINT_NSID
  rkey: string
}

/** `at://<did|handle>/pub.chive.eprint.submission/<rkey>` (already decoded) ⇒ its parts. Exactly
 * three parts: no query, fragment or extra segments, which Chive would pass on unchecked. */
export function parseEprintUri(uri: string): EprintRef | undefined {
  const match = /^at:\/\/([^/?#]+)\/([^/?#]+)\/([^/?#]+)$/.exec(uri)
  if (!match || match[2] !== EPRINT_NSID || !isRecordKey(match[3]!)) return undefined
  const actor = normaliseActor(match[1]!)
  if (actor === undefined) return undefined
  const rkey = match[3]!
  return isValidDid(actor)
    ? { uri: `at://${actor}/${EPRINT_NSID}/${rkey}`, actor, collection: EPRINT_NSID, rkey }
    : { actor, collection: EPRINT_NSID, rkey }
}

/** `https://chive.pub/eprints/<encodeURIComponent(at-uri)>`, or the unencoded `/eprints/at://…`. */
export function parseEprintPageUrl(input: string | URL): EprintRef | undefined {
  return eprintFromUrl(siteUrl(input, CHIVE_HOST))
}

/**
 * A link (an `href` as written, relative to the page at `baseUrl`) to an eprint page. Unlike a page
 * URL, `http:` is accepted: it is still a link to that eprint (Chive redirects it), and the
 * verifier normalises the scheme when it compares citations, so detection must agree with it.
 */
export function parseEprintLink(href: string, baseUrl: string): EprintRef | undefined {
  let url: URL
  try {
    url = new URL(href, baseUrl)
  } catch {
    return undefined
  }
  if (url.protocol === 'http:') url.protocol = 'https:'
  return eprintFromUrl(siteUrl(url, CHIVE_HOST))
}

function eprintFromUrl(url: URL | undefined): EprintRef | undefined {
  const prefix = '/eprints/'
  if (!url || !url.pathname.startsWith(prefix)) return undefined
  // One trailing slash is the same page; the rest is the AT-URI, decoded once as Chive does.
  const decoded = decodeOnce(url.pathname.slice(prefix.length).replace(/\/$/, ''))
  return decoded === undefined ? undefined : parseEprintUri(decoded)
}

/** A `<link>` element as plain data, so the function stays pure (`{rel, type, href}` of each). */
export interface HeadLink {
  rel?: string | null
  type?: string | null
  href?: string | null
}

/**
 * The eprint that the head's `<link rel="alternate" type="application/at-uri">` names. Chive writes
 * one; if several valid ones disagree, the page names no single eprint and nothing is returned.
 */
export function eprintUriFromHead(links: readonly HeadLink[]): EprintRef | undefined {
  const found: EprintRef[] = []
  for (const link of links) {
    const rels = (link.rel ?? '').toLowerCase().split(/\s+/)
    if (!rels.includes('alternate') || (link.type ?? '').trim().toLowerCase() !== 'application/at-uri') continue
    const ref = parseEprintUri((link.href ?? '').trim())
    if (ref) found.push(ref)
  }
  const first = found[0]
  return first && found.every((r) => r.actor === first.actor && r.rkey === first.rkey) ? first : undefined
}

const DID = 'did:plc:5rtbzxq4ak2ixasxkdjl5i2l'
const RKEY = '3mbqt7yfnss2c'
const URI = `at://${DID}/${EPRINT_NSID}/${RKEY}`
const ENCODED = encodeURIComponent(URI)
const BY_DID: EprintRef = { uri: URI, actor: DID, collection: EPRINT_NSID, rkey: RKEY }
const BY_HANDLE: EprintRef = { actor: 'lab.example.org', collection: EPRINT_NSID, rkey: RKEY }

/** Example eprint page URLs; the unit tests iterate over them. */
export const EPRINT_PAGE_EXAMPLES: Array<[url: string, expected: EprintRef | undefined]> = [
  [`https://chive.pub/eprints/${ENCODED}`, BY_DID],
  [`https://chive.pub/eprints/${URI}`, BY_DID],
  [`https://chive.pub/eprints/${ENCODED}/`, BY_DID],
  [`https://chive.pub/eprints/${ENCODED}?tab=citations#abstract`, BY_DID],
  [`https://www.chive.pub/eprints/${ENCODED}`, BY_DID],
  // Partly encoded, as some tools write it.
  [`https://chive.pub/eprints/at%3A//${DID}/${EPRINT_NSID}/${RKEY}`, BY_DID],
  // A handle-based AT-URI keeps its handle (lower-cased) until the worker resolves it.
  [`https://chive.pub/eprints/${encodeURIComponent(`at://Lab.Example.org/${EPRINT_NSID}/${RKEY}`)}`, BY_HANDLE],
  [`https://chive.pub/eprints/at://lab.example.org/${EPRINT_NSID}/${RKEY}`, BY_HANDLE],
  // Other hosts, schemes and ports. (api.chive.pub serves Chive's XRPC, not its pages.)
  [`http://chive.pub/eprints/${ENCODED}`, undefined],
  [`https://chive.pub.evil.example/eprints/${ENCODED}`, undefined],
  [`https://api.chive.pub/eprints/${ENCODED}`, undefined],
  [`https://chive.pub:8443/eprints/${ENCODED}`, undefined],
  // Other pages and shapes: Chive has no /eprint/ or /paper/ routes; citations and edit pages.
  ['https://chive.pub/eprints', undefined],
  ['https://chive.pub/eprints/', undefined],
  [`https://chive.pub/eprint/${DID}/${RKEY}`, undefined],
  [`https://chive.pub/paper/${DID}/${RKEY}`, undefined],
  [`https://chive.pub/eprints/citations/${ENCODED}`, undefined],
  [`https://chive.pub/eprints/edit/${ENCODED}`, undefined],
  [`https://chive.pub/eprints/${ENCODED}/citations`, undefined],
  // Collapsed `at:/` (Chive requires `at://`), doubly encoded, malformed escapes.
  [`https://chive.pub/eprints/at:/${DID}/${EPRINT_NSID}/${RKEY}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(ENCODED)}`, undefined],
  [`https://chive.pub/eprints/${ENCODED}%E0%A4%A`, undefined],
  // Wrong collection, bad keys, bad authorities, extra parts inside the AT-URI.
  [`https://chive.pub/eprints/${encodeURIComponent(`at://${DID}/app.bsky.feed.post/${RKEY}`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`at://${DID}/pub.chive.eprint.submission`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`at://${DID}/${EPRINT_NSID}/bad key`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`at://${DID}/${EPRINT_NSID}/..`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`at://lab/${EPRINT_NSID}/${RKEY}`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`${URI}/extra`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`${URI}#frag`)}`, undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(`https://chive.pub/eprints/${ENCODED}`)}`, undefined],
  ['not a url', undefined],
]

/** Example `<link>` lists of an eprint page's head; the unit tests iterate over them. */
export const EPRINT_HEAD_EXAMPLES: Array<[links: HeadLink[], expected: EprintRef | undefined]> = [
  [[{ rel: 'alternate', type: 'application/at-uri', href: URI }], BY_DID],
  [
    [
      { rel: 'stylesheet', type: 'text/css', href: '/app.css' },
      { rel: 'alternate', href: 'https://doi.org/10.1234/abc', type: null },
      { rel: 'alternate', type: 'application/at-uri', href: URI },
    ],
    BY_DID,
  ],
  [[{ rel: 'Alternate', type: ' Application/AT-URI ', href: ` ${URI} ` }], BY_DID],
  [[{ rel: 'alternate', type: 'application/at-uri', href: `at://Lab.Example.org/${EPRINT_NSID}/${RKEY}` }], BY_HANDLE],
  // The same eprint twice is still one eprint.
  [
    [
      { rel: 'alternate', type: 'application/at-uri', href: URI },
      { rel: 'alternate', type: 'application/at-uri', href: URI },
    ],
    BY_DID,
  ],
  // Two different eprints: the page names no single one.
  [
    [
      { rel: 'alternate', type: 'application/at-uri', href: URI },
      { rel: 'alternate', type: 'application/at-uri', href: `at://${DID}/${EPRINT_NSID}/3mbqt7yfnss2d` },
    ],
    undefined,
  ],
  [[], undefined],
  [[{ rel: 'alternate', href: URI }], undefined],
  [[{ rel: 'canonical', type: 'application/at-uri', href: URI }], undefined],
  [[{ rel: 'alternate', type: 'application/at-uri', href: `at://${DID}/app.bsky.feed.post/${RKEY}` }], undefined],
  [[{ rel: 'alternate', type: 'application/at-uri', href: ENCODED }], undefined],
  [[{ rel: 'alternate', type: 'application/at-uri', href: `https://chive.pub/eprints/${ENCODED}` }], undefined],
  [[{ rel: 'alternate', type: 'application/at-uri', href: null }], undefined],
]

/** Example links found on any page (href as written, page URL); the unit tests iterate over them. */
export const EPRINT_LINK_EXAMPLES: Array<[href: string, baseUrl: string, expected: EprintRef | undefined]> = [
  [`https://chive.pub/eprints/${ENCODED}`, 'https://bsky.app/profile/alice.test/post/3l6oveex3ii2l', BY_DID],
  [`https://chive.pub/eprints/${URI}`, 'https://whtwnd.com/alice.test/3kuxtpvc5v22p', BY_DID],
  [`/eprints/${ENCODED}`, 'https://chive.pub/', BY_DID],
  [`//chive.pub/eprints/${ENCODED}`, 'https://leaflet.pub/p/alice.test/3lwqcnrr5hk2a', BY_DID],
  [`http://chive.pub/eprints/${ENCODED}`, 'https://leaflet.pub/', BY_DID],
  [`https://www.chive.pub/eprints/${ENCODED}?utm_source=bsky#top`, 'https://bsky.app/', BY_DID],
  // Relative links resolve against the page they are on, not against Chive.
  [`/eprints/${ENCODED}`, 'https://evil.example/', undefined],
  [`https://chive.pub.evil.example/eprints/${ENCODED}`, 'https://bsky.app/', undefined],
  [`https://evil.example/?u=https://chive.pub/eprints/${ENCODED}`, 'https://bsky.app/', undefined],
  [`https://chive.pub@evil.example/eprints/${ENCODED}`, 'https://bsky.app/', undefined],
  [`javascript:location='https://chive.pub/eprints/${ENCODED}'`, 'https://bsky.app/', undefined],
  [URI, 'https://bsky.app/', undefined],
  [`https://chive.pub/eprints/${encodeURIComponent(ENCODED)}`, 'https://bsky.app/', undefined],
  [
    `https://chive.pub/eprints/${encodeURIComponent(`at://${DID}/app.bsky.feed.post/${RKEY}`)}`,
    'https://bsky.app/',
    undefined,
  ],
  ['http://[::1', 'https://bsky.app/', undefined],
]
