import { rawSegments, recordPageRef, siteUrl, type RecordPageRef } from './url'

// Everything Tendril assumes about Bluesky's web app (bsky.app) lives here. Source: REFERENCE.md
// "Sources that cite eprints" (bluesky.post / bluesky.embed rows) and bluesky-social/atproto's
// lexicons. bsky.app is an SPA that does not update its head after navigation, so the post is read
// from the URL path only, never from a head tag.

export const BLUESKY_HOST = 'bsky.app'
export const POST_NSID = 'app.bsky.feed.post'

export type PostPageRef = RecordPageRef

/**
 * `https://bsky.app/profile/<handle|did>/post/<rkey>` ⇒ the post it shows. Sub-pages of a post
 * (`…/liked-by`, `…/reposted-by`, `…/quotes`) are about the post but do not show it: not matched.
 */
export function parsePostUrl(input: string | URL): PostPageRef | undefined {
  const url = siteUrl(input, BLUESKY_HOST)
  const parts = url && rawSegments(url.pathname)
  if (!parts || parts.length !== 4 || parts[0] !== 'profile' || parts[2] !== 'post') return undefined
  return recordPageRef(parts[1]!, parts[3]!, POST_NSID)
}

const DID = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'
const RKEY = '3l6oveex3ii2l'
const URI = `at://${DID}/${POST_NSID}/${RKEY}`

/** Example URLs the detector must understand; the unit tests iterate over them. */
export const POST_PAGE_EXAMPLES: Array<[url: string, expected: PostPageRef | undefined]> = [
  [`https://bsky.app/profile/${DID}/post/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://bsky.app/profile/${DID}/post/${RKEY}/`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://bsky.app/profile/${DID}/post/${RKEY}?ref_src=embed#reply`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://www.bsky.app/profile/${DID}/post/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [`https://bsky.app/profile/did%3Aplc%3Aewvi7nxzyoun6zhxrhs64oiz/post/${RKEY}`, { actor: DID, rkey: RKEY, uri: URI }],
  [
    `https://bsky.app/profile/did:web:alice.example/post/${RKEY}`,
    { actor: 'did:web:alice.example', rkey: RKEY, uri: `at://did:web:alice.example/${POST_NSID}/${RKEY}` },
  ],
  // A handle stays a handle (lower-cased); the worker resolves it before building the AT-URI.
  [`https://bsky.app/profile/alice.bsky.social/post/${RKEY}`, { actor: 'alice.bsky.social', rkey: RKEY }],
  [`https://bsky.app/profile/Alice.Bsky.Social/post/${RKEY}`, { actor: 'alice.bsky.social', rkey: RKEY }],
  // Other hosts, schemes and ports.
  [`http://bsky.app/profile/${DID}/post/${RKEY}`, undefined],
  [`https://bsky.app.evil.example/profile/${DID}/post/${RKEY}`, undefined],
  [`https://evil.example/bsky.app/profile/${DID}/post/${RKEY}`, undefined],
  [`https://staging.bsky.app/profile/${DID}/post/${RKEY}`, undefined],
  [`https://bsky.app:8443/profile/${DID}/post/${RKEY}`, undefined],
  // Other pages of the site.
  [`https://bsky.app/profile/${DID}`, undefined],
  [`https://bsky.app/profile/${DID}/post`, undefined],
  [`https://bsky.app/profile/${DID}/post/${RKEY}/liked-by`, undefined],
  [`https://bsky.app/profile/${DID}/feed/${RKEY}`, undefined],
  [`https://bsky.app/profile/${DID}/lists/${RKEY}`, undefined],
  [`https://bsky.app/profile//post/${RKEY}`, undefined],
  [`https://bsky.app/profile/${DID}//post/${RKEY}`, undefined],
  [`https://bsky.app/profile/${DID}/post/${RKEY}//`, undefined],
  ['https://bsky.app/', undefined],
  ['not a url', undefined],
  // Invalid actors and keys, malformed or double encoding.
  [`https://bsky.app/profile/alice/post/${RKEY}`, undefined],
  [`https://bsky.app/profile/@alice.bsky.social/post/${RKEY}`, undefined],
  [`https://bsky.app/profile/did%253Aplc%253Aewvi7nxzyoun6zhxrhs64oiz/post/${RKEY}`, undefined],
  [`https://bsky.app/profile/${DID}/post/%E0%A4%A`, undefined],
  [`https://bsky.app/profile/${DID}/post/bad%20key`, undefined],
  [`https://bsky.app/profile/${DID}/post/%2E%2E`, undefined],
  [`https://bsky.app/profile/${DID}/post/${RKEY}%2Fextra`, undefined],
  [`https://bsky.app/profile/did:plc:${'a'.repeat(3000)}/post/${RKEY}`, undefined],
]
