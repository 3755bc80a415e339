import { describe, expect, it } from 'vitest'
import { eprintRefFromCitation, eprintUriFromCitation, normaliseUrl } from '../../../lib/backlinks/eprint-ref'
import { E0, E2, NSID, page } from './fixtures'

const ENC0 = encodeURIComponent(E0)
const handleUri = `at://Ada.Example.com/${NSID}/3kq2z7xyz2k2a`

// [link found in a record, the DID-based eprint it cites (or undefined)]
const CITES: Array<[string, string]> = [
  [page(E0), E0],
  [`https://chive.pub/eprints/${E0}`, E0], // the unencoded form
  [`https://www.chive.pub/eprints/${ENC0}`, E0],
  [`http://chive.pub/eprints/${ENC0}`, E0],
  [`http://www.CHIVE.pub/eprints/${ENC0}`, E0],
  [`https://chive.pub/eprints/${ENC0}/`, E0],
  [`https://chive.pub/eprints/${ENC0}#citations`, E0],
  [`https://chive.pub/eprints/${ENC0}?utm_source=bsky&utm_medium=social&fbclid=x1&ref=feed`, E0],
  [`https://chive.pub/eprints/${ENC0}/?gclid=abc#top`, E0],
  [`https://chive.pub/eprints/${ENC0.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`, E0], // lower-case escapes
  [`  ${page(E0)}\n`, E0],
  [E0, E0],
  [page(E2), E2], // did:web
]

const CITES_NOTHING: string[] = [
  `https://chive.pub/eprints/${encodeURIComponent(ENC0)}`, // doubly encoded
  'https://chive.pub/',
  'https://chive.pub/eprints',
  'https://chive.pub/eprints/',
  'https://chive.pub/about',
  'https://chive.pub/authors/did%3Aplc%3Aada4xq2mvzkd5rwn7e3ybtfh',
  `https://chive.pub/eprint/${ENC0}`, // no such route on Chive
  `https://chive.pub/paper/${ENC0}`,
  `https://chive.pub/eprints/${ENC0}/reviews`, // a sub-page, not the eprint page
  `https://chive.pub/search?q=${ENC0}`,
  `https://api.chive.pub/eprints/${ENC0}`,
  `https://chive.pub.evil.example/eprints/${ENC0}`,
  `https://evil.example/eprints/${ENC0}`,
  `https://user@chive.pub/eprints/${ENC0}`,
  `https://chive.pub:8443/eprints/${ENC0}`,
  `ftp://chive.pub/eprints/${ENC0}`,
  `https://chive.pub/eprints/${encodeURIComponent('at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/app.bsky.feed.post/3kq2z7xyz2k2a')}`,
  `https://chive.pub/eprints/${encodeURIComponent(`at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/${NSID}`)}`,
  'https://chive.pub/eprints/%E0%A4%A',
  'at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/app.bsky.feed.post/3kq2z7xyz2k2a',
  `${E0}?x=1`,
  `${E0}#frag`,
  `${E0}/`,
  `at://not a handle/${NSID}/3kq2z7xyz2k2a`,
  `at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/${NSID}/..`,
  'chive.pub/eprints/at%3A%2F%…', // visible, truncated text of a Bluesky link
  'not a url',
  '',
]

describe('eprintUriFromCitation', () => {
  it.each(CITES)('%s cites %s', (link, eprint) => {
    expect(eprintUriFromCitation(link)).toBe(eprint)
    expect(eprintRefFromCitation(link)).toEqual({ uri: eprint, needsResolve: false })
  })

  it.each(CITES_NOTHING)('%s cites nothing', (link) => {
    expect(eprintRefFromCitation(link)).toBeUndefined()
  })
})

describe('handle-based eprint AT-URIs', () => {
  const expected = { uri: `at://ada.example.com/${NSID}/3kq2z7xyz2k2a`, needsResolve: true }

  it.each([handleUri, page(handleUri), `https://chive.pub/eprints/${handleUri}`])('%s is flagged for resolving', (link) => {
    expect(eprintRefFromCitation(link)).toEqual(expected)
    // Never handed out as if it were the DID-based URI Chive stores.
    expect(eprintUriFromCitation(link)).toBeUndefined()
  })
})

describe('normaliseUrl', () => {
  it.each([
    ['http://www.Example.com/a/b/?utm_campaign=x&id=7&fbclid=y#frag', 'https://example.com/a/b?id=7'],
    ['https://example.com/?ref=home', 'https://example.com/'],
    ['https://example.com/path///', 'https://example.com/path'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseUrl(input)?.href).toBe(expected)
  })

  it.each(['mailto:a@example.com', 'https://u:p@example.com/', 'nope'])('%s is not comparable', (input) => {
    expect(normaliseUrl(input)).toBeUndefined()
  })
})
