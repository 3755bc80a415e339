import { parseBudPageUrl, type BudPageRef } from './branchline'
import { parsePostUrl, type PostPageRef } from './bluesky'
import { parseEprintPageUrl, type EprintRef } from './chive'
import { parseDocumentUrl, type DocumentPageRef } from './leaflet'
import { parseEntryUrl, type EntryPageRef } from './whitewind'

// The one place a tab's URL becomes "which peer, which record". Each parser checks its own host,
// so at most one can match; the order below only decides which runs first.

export type DetectedPage =
  | { site: 'branchline'; ref: BudPageRef }
  | { site: 'chive'; ref: EprintRef }
  | { site: 'bluesky'; ref: PostPageRef }
  | { site: 'whitewind'; ref: EntryPageRef }
  | { site: 'leaflet'; ref: DocumentPageRef }

export type Site = DetectedPage['site']

/** The page a URL shows, from the URL alone (never from what the page says), or undefined. */
export function detectPage(url: string | URL): DetectedPage | undefined {
  const bud = parseBudPageUrl(url)
  if (bud) return { site: 'branchline', ref: bud }
  const eprint = parseEprintPageUrl(url)
  if (eprint) return { site: 'chive', ref: eprint }
  const post = parsePostUrl(url)
  if (post) return { site: 'bluesky', ref: post }
  const entry = parseEntryUrl(url)
  if (entry) return { site: 'whitewind', ref: entry }
  const doc = parseDocumentUrl(url)
  if (doc) return { site: 'leaflet', ref: doc }
  return undefined
}

/** A page showing a record Tendril verifies for backlinks (a post, a blog entry, a document). */
export function isSourceSiteUrl(url: string): boolean {
  const page = detectPage(url)
  return page?.site === 'bluesky' || page?.site === 'whitewind' || page?.site === 'leaflet'
}

/** One example per site and some that match none; the unit tests iterate over them. */
export const DETECT_PAGE_EXAMPLES: Array<[url: string, site: Site | undefined]> = [
  ['https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a', 'branchline'],
  ['https://chive.pub/eprints/at%3A%2F%2Fdid%3Aplc%3Aabc123%2Fpub.chive.eprint.submission%2F3mbqt7yfnss2c', 'chive'],
  ['https://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l', 'bluesky'],
  ['https://whtwnd.com/did:plc:abc123/3kuxtpvc5v22p', 'whitewind'],
  ['https://leaflet.pub/p/did:plc:abc123/3lwqcnrr5hk2a', 'leaflet'],
  ['https://leaflet.pub/lish/did:plc:abc123/3lwqcm6vyy22a/3lwqcnrr5hk2a', 'leaflet'],
  // The shape of one site on another host names nothing.
  ['https://bsky.app/bud/did:plc:abc123/3kq2z7xyz2k2a', undefined],
  ['https://whtwnd.com/profile/alice.bsky.social/post/3l6oveex3ii2l', undefined],
  ['https://chive.pub/p/did:plc:abc123/3lwqcnrr5hk2a', undefined],
  ['https://leaflet.pub/did:plc:abc123/3kuxtpvc5v22p', undefined],
  ['https://semble.so/profile/alice.test/collections/3lwqcnrr5hk2a', undefined],
  ['http://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l', undefined],
  ['https://bsky.app.evil.example/profile/alice.bsky.social/post/3l6oveex3ii2l', undefined],
  ['about:blank', undefined],
  ['', undefined],
]
