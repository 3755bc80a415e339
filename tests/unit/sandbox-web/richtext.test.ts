import { describe, expect, it } from 'vitest'
import { renderFacetedText } from '../../sandbox/web/richtext.ts'

const bytes = (s: string) => Buffer.byteLength(s)
const linkFacet = (start: number, end: number, uri: string) => ({
  index: { byteStart: start, byteEnd: end },
  features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
})

describe('renderFacetedText', () => {
  it('uses the facet URI as href and the (shortened) text slice as anchor text', () => {
    const text = 'Read chive.pub/eprints/at%3A… now'
    const shown = 'chive.pub/eprints/at%3A…'
    const full = 'https://chive.pub/eprints/at%3A%2F%2Fdid%3Aplc%3Aabc%2Fpub.chive.eprint.submission%2F3k'
    const out = renderFacetedText(text, [linkFacet(bytes('Read '), bytes('Read ') + bytes(shown), full)]).value
    expect(out).toBe(`Read <a href="${full}">${shown}</a> now`)
  })

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const text = 'é🎉 link'
    const start = bytes('é🎉 ')
    expect(renderFacetedText(text, [linkFacet(start, start + 4, 'https://a.example')]).value).toBe('é🎉 <a href="https://a.example">link</a>')
  })

  it('handles Leaflet link facets, mentions, tags and formatting', () => {
    const text = 'bold @ada #tag go'
    const out = renderFacetedText(
      text,
      [
        { index: { byteStart: 0, byteEnd: 4 }, features: [{ $type: 'pub.leaflet.richtext.facet#bold' }] },
        { index: { byteStart: 5, byteEnd: 9 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ada' }] },
        { index: { byteStart: 10, byteEnd: 14 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'tag' }] },
        { index: { byteStart: 15, byteEnd: 17 }, features: [{ $type: 'pub.leaflet.richtext.facet#link', uri: 'https://go.example' }] },
      ],
      { mention: (did) => `/profile/${did}`, tag: (tag) => `/hashtag/${tag}` },
    ).value
    expect(out).toBe(
      '<strong>bold</strong> <a href="/profile/did:plc:ada">@ada</a> <a href="/hashtag/tag">#tag</a> <a href="https://go.example">go</a>',
    )
  })

  it('splits overlapping facets so every piece keeps its features', () => {
    const out = renderFacetedText('abcdef', [
      linkFacet(0, 4, 'https://a.example'),
      { index: { byteStart: 2, byteEnd: 6 }, features: [{ $type: 'pub.leaflet.richtext.facet#italic' }] },
    ]).value
    expect(out).toBe('<a href="https://a.example">ab</a><a href="https://a.example"><em>cd</em></a><em>ef</em>')
  })

  it('ignores malformed, inverted and out-of-range facets', () => {
    const text = 'safe text'
    const out = renderFacetedText(text, [
      linkFacet(5, 2, 'https://a.example'),
      linkFacet(0, 999, 'https://a.example'),
      { index: { byteStart: '0', byteEnd: 4 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://a.example' }] },
      { index: { byteStart: 0, byteEnd: 4 } },
      null,
      'junk',
    ]).value
    expect(out).toBe('safe text')
    expect(renderFacetedText(text, 'not an array').value).toBe('safe text')
  })

  it('escapes text and refuses unsafe link targets', () => {
    const text = '<b>click</b>'
    expect(renderFacetedText(text, [linkFacet(0, bytes(text), 'javascript:alert(1)')]).value).toBe('&lt;b&gt;click&lt;/b&gt;')
    expect(renderFacetedText(text, [linkFacet(0, 3, 'https://a.example/"x')]).value).toBe(
      '<a href="https://a.example/&quot;x">&lt;b&gt;</a>click&lt;/b&gt;',
    )
  })

  it('turns newlines into <br> outside attributes', () => {
    expect(renderFacetedText('a\nb', [linkFacet(0, 3, 'https://a.example/\nx')]).value).toBe('<a href="https://a.example/\nx">a<br>b</a>')
  })
})
