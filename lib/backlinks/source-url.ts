// A source record's page on its own site, from its AT-URI: where the popup's list links to. Pure;
// the forms are the ones lib/sites/ detects (Semble's for collections Chive's own indexer lists).
// Unknown collections get no link rather than a guessed one.

const PAGES: Record<string, (did: string, rkey: string) => string> = {
  'app.bsky.feed.post': (did, rkey) => `https://bsky.app/profile/${did}/post/${rkey}`,
  'com.whtwnd.blog.entry': (did, rkey) => `https://whtwnd.com/${did}/${rkey}`,
  'pub.leaflet.document': (did, rkey) => `https://leaflet.pub/p/${did}/${rkey}`,
  'site.standard.document': (did, rkey) => `https://leaflet.pub/p/${did}/${rkey}`,
  'network.cosmik.collection': (did, rkey) => `https://semble.so/profile/${did}/collections/${rkey}`,
}

export function sourcePageUrl(sourceUri: string): string | undefined {
  const match = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/([a-zA-Z0-9.-]+)\/([A-Za-z0-9._~:-]{1,512})$/.exec(sourceUri)
  if (!match) return undefined
  const page = PAGES[match[2]!]
  return page ? page(match[1]!, match[3]!) : undefined
}

export const SOURCE_URL_EXAMPLES: Array<[uri: string, url: string | undefined]> = [
  ['at://did:plc:abc123/app.bsky.feed.post/3l6oveex3ii2l', 'https://bsky.app/profile/did:plc:abc123/post/3l6oveex3ii2l'],
  ['at://did:plc:abc123/com.whtwnd.blog.entry/3kuxtpvc5v22p', 'https://whtwnd.com/did:plc:abc123/3kuxtpvc5v22p'],
  ['at://did:plc:abc123/pub.leaflet.document/3lwqcnrr5hk2a', 'https://leaflet.pub/p/did:plc:abc123/3lwqcnrr5hk2a'],
  ['at://did:plc:abc123/site.standard.document/3lwqcnrr5hk2a', 'https://leaflet.pub/p/did:plc:abc123/3lwqcnrr5hk2a'],
  ['at://did:plc:abc123/network.cosmik.collection/3lwqcnrr5hk2a', 'https://semble.so/profile/did:plc:abc123/collections/3lwqcnrr5hk2a'],
  ['at://did:web:blog.example/app.bsky.feed.post/3l6oveex3ii2l', 'https://bsky.app/profile/did:web:blog.example/post/3l6oveex3ii2l'],
  // A handle-based URI is not what Chive stores; no link is guessed for it, nor for other records.
  ['at://alice.test/app.bsky.feed.post/3l6oveex3ii2l', undefined],
  ['at://did:plc:abc123/org.example.thing/3l6oveex3ii2l', undefined],
  ['at://did:plc:abc123/app.bsky.feed.post/3l6o/../x', undefined],
  ['https://bsky.app/profile/did:plc:abc123/post/3l6oveex3ii2l', undefined],
]
