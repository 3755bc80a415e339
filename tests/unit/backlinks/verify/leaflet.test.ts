import { describe, expect, it } from 'vitest'
import { leafletBlobPagesCid, verifyLeafletDocument } from '../../../../lib/backlinks/verify/leaflet'
import { CREATED, E0, E1, E2, TITLE0, jsonBlob, leafletDoc, linear, page, standardDoc, textBlock, valid } from '../fixtures'

const B = 'pub.leaflet.blocks.'
const FACET = 'pub.leaflet.richtext.facet'
const eprints = (record: Parameters<typeof verifyLeafletDocument>[0]) => verifyLeafletDocument(record).map((c) => c.eprint)
const facetText = (plaintext: string, features: Record<string, unknown>[]) => ({
  $type: `${B}text`,
  plaintext,
  facets: [{ index: { byteStart: 0, byteEnd: new TextEncoder().encode(plaintext).length }, features }],
})
const listItem = (content: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ content, ...extra })

// [case, blocks of one linearDocument page, eprints cited] — the first three are the seed's shapes
const TABLE: Array<[string, Record<string, unknown>[], string[]]> = [
  ['link facet in a text block', [textBlock(['Papers to reread.']), textBlock(['First: ', { text: 'Service auth', uri: page(E1) }, '.'])], [E1]],
  ['website block', [textBlock(['A preview card:']), { $type: `${B}website`, src: page(E2), title: 'Citation decay' }], [E2]],
  ['link facet in a header and a blockquote', [
    textBlock([{ text: 'Heading link', uri: page(E0) }], `${B}header`),
    textBlock([{ text: 'Quoted', uri: page(E1) }], `${B}blockquote`),
  ], [E0, E1]],
  ['atMention naming the eprint', [facetText('the paper', [{ $type: `${FACET}#atMention`, atURI: E0 }])], [E0]],
  ['atMention with an eprint page href', [facetText('the paper', [{ $type: `${FACET}#atMention`, atURI: 'at://did:plc:x/app.bsky.actor.profile/self', href: page(E1) }])], [E1]],
  ['link inside a footnote', [facetText('note', [{
    $type: `${FACET}#footnote`,
    footnoteId: 'fn1',
    contentPlaintext: 'See the eprint.',
    contentFacets: [{ index: { byteStart: 4, byteEnd: 14 }, features: [{ $type: `${FACET}#link`, uri: page(E2) }] }],
  }])], [E2]],
  ['button block', [{ $type: `${B}button`, text: 'Read it', url: page(E0) }], [E0]],
  ['iframe block', [{ $type: `${B}iframe`, url: `${page(E1)}#pdf` }], [E1]],
  ['standardSitePost block naming the eprint', [{ $type: `${B}standardSitePost`, uri: E2 }], [E2]],
  ['nested list items', [{
    $type: `${B}unorderedList`,
    children: [listItem(textBlock(['plain']), {
      children: [listItem(textBlock([{ text: 'deep', uri: page(E0) }]))],
      orderedListChildren: { children: [listItem(textBlock([{ text: 'deeper', uri: page(E1) }], `${B}header`))] },
    })],
  }], [E0, E1]],
  ['fragment and tracking parameters', [textBlock([{ text: 'x', uri: `${page(E0)}?utm_campaign=a&gclid=b#top` }])], [E0]],
  // Near-misses
  ['title mentioned, not linked', [textBlock([`Someone recommended "${TITLE0}" — find a link.`])], []],
  ['page URL in plaintext without a facet', [textBlock([`Link: ${page(E0)}`])], []],
  ['a non-eprint chive.pub link', [textBlock([{ text: 'Chive', uri: 'https://chive.pub/' }]), { $type: `${B}website`, src: 'https://chive.pub/about' }], []],
  ['doubly-encoded link', [textBlock([{ text: 'x', uri: `https://chive.pub/eprints/${encodeURIComponent(encodeURIComponent(E0))}` }])], []],
  ['bskyPost block quoting a post', [{ $type: `${B}bskyPost`, postRef: { uri: 'at://did:plc:x/app.bsky.feed.post/3kq2z7xyz2k2z', cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' } }], []],
  ['an unknown block type with a src field', [{ $type: `${B}image`, src: page(E0) }], []],
  ['a code facet over the URL text', [facetText(page(E0), [{ $type: `${FACET}#code` }])], []],
]

describe('verifyLeafletDocument', () => {
  it.each(TABLE)('%s', (_name, blocks, expected) => {
    expect(eprints(leafletDoc(blocks))).toEqual(expected)
  })

  it('walks canvas pages and every page of the document', () => {
    const canvas = {
      $type: 'pub.leaflet.pages.canvas',
      id: 'page-2',
      blocks: [{ $type: 'pub.leaflet.pages.canvas#block', x: 0, y: 0, width: 10, block: textBlock([{ text: 'c', uri: page(E1) }]) }],
    }
    expect(eprints(leafletDoc([], [linear([textBlock([{ text: 'a', uri: page(E0) }])]), canvas]))).toEqual([E0, E1])
  })

  it('reads site.standard.document content pages', () => {
    const doc = standardDoc({ pages: [linear([textBlock([{ text: 'x', uri: page(E2) }])])] })
    expect(verifyLeafletDocument(doc)).toEqual([{ eprint: E2, sourceType: 'leaflet.list', context: 'x' }])
  })

  it('ignores a site.standard.document whose content is not pub.leaflet.content', () => {
    // The content union is open: another format validates, and its fields are not Leaflet's.
    const doc = valid('site.standard.document', {
      title: 'Elsewhere',
      site: 'https://blog.example.org',
      publishedAt: CREATED,
      content: { $type: 'com.example.content', pages: [linear([textBlock([{ text: 'x', uri: page(E2) }])])] },
    })
    expect(verifyLeafletDocument(doc)).toEqual([])
  })

  it('uses blobPages instead of the inline stub, and nothing until they are fetched', async () => {
    const blobPages = [linear([textBlock(['From the blob: ', { text: 'paper', uri: page(E1) }])])]
    const blob = await jsonBlob(blobPages)
    const doc = standardDoc({ pages: [linear([textBlock([{ text: 'stub', uri: page(E0) }])])], blobPages: blob })
    expect(leafletBlobPagesCid(doc)).toBe(blob.ref.$link)
    expect(verifyLeafletDocument(doc)).toEqual([])
    expect(verifyLeafletDocument(doc, { blobPages }).map((c) => c.eprint)).toEqual([E1])
    expect(verifyLeafletDocument(doc, { blobPages: { not: 'an array' } })).toEqual([])
  })

  it('gives the block text as context, or the block title, or the document title', () => {
    const doc = leafletDoc([
      textBlock(['On collaborative fiction: ', { text: 'this eprint', uri: page(E0) }]),
      { $type: `${B}website`, src: page(E1), title: 'Service auth', description: 'Chive eprint' },
      { $type: `${B}iframe`, url: page(E2) },
    ])
    expect(verifyLeafletDocument(doc).map((c) => c.context)).toEqual([
      'On collaborative fiction: this eprint',
      'Service auth — Chive eprint',
      'Reading list',
    ])
  })
})
