// Real-shaped records of every collection Tendril reads, so we know the trimmed lexicons still
// accept what the peers write, and still check what they kept (each accept has a reject beside it).
// Shapes follow the upstream lexicons and the sandbox seed (tests/sandbox/seed/).
import { BlobRef } from '@atproto/lexicon'
import { describe, expect, it } from 'vitest'
import { RecordInvalidError } from '../../../lib/records/errors'
import { validateRecord, type RecordNsid } from '../../../lib/records/validate'

const ADA = 'did:plc:ewvi7nxzyoun6zhxrhs64oiz'
const CID = 'bafyreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm'
const BLOB_CID = 'bafkreib6epubmabzlffdhckpmvsodmjuro6xuaei2qwevs3t52xnlhaatu'
const EPRINT = `at://${ADA}/pub.chive.eprint.submission/3lbfmd6dnyw2k`
const PAGE = `https://chive.pub/eprints/${encodeURIComponent(EPRINT)}`
const AT = '2026-02-14T09:30:00.000Z'
/** A blob as getRecord returns it (JSON form). */
const blob = (mimeType: string) => ({ $type: 'blob', ref: { $link: BLOB_CID }, mimeType, size: 48213 })

const linkFacet = (type: string, byteStart: number, byteEnd: number, uri = PAGE) => ({
  index: { byteStart, byteEnd },
  features: [{ $type: type, uri }],
})
const external = {
  $type: 'app.bsky.embed.external',
  external: { uri: PAGE, title: 'Branching Narratives | Chive', description: 'Eprint on Chive', thumb: blob('image/jpeg') },
}
const quoted = { $type: 'app.bsky.embed.record', record: { uri: `at://${ADA}/app.bsky.feed.post/3lcd2xm4j3s2k`, cid: CID } }
const post = (extra: Record<string, unknown>) => ({ $type: 'app.bsky.feed.post', text: 'Recommended: chive.pub/eprints/at%3A...', langs: ['en'], createdAt: AT, ...extra })

const textBlock = (plaintext: string, facets?: unknown[]) => ({
  $type: 'pub.leaflet.pages.linearDocument#block',
  block: { $type: 'pub.leaflet.blocks.text', plaintext, ...(facets ? { facets } : {}) },
})
const leafletPages = [
  {
    $type: 'pub.leaflet.pages.linearDocument',
    id: 'page-1',
    blocks: [
      textBlock('First: this eprint.', [
        linkFacet('pub.leaflet.richtext.facet#link', 7, 18),
        // highlight was trimmed from our union; an open union still lets it through.
        { index: { byteStart: 0, byteEnd: 5 }, features: [{ $type: 'pub.leaflet.richtext.facet#highlight' }] },
      ]),
      { $type: 'pub.leaflet.pages.linearDocument#block', block: { $type: 'pub.leaflet.blocks.website', src: PAGE, title: 'Branching Narratives' } },
      { $type: 'pub.leaflet.pages.linearDocument#block', block: { $type: 'pub.leaflet.blocks.button', text: 'Read', url: PAGE } },
      {
        $type: 'pub.leaflet.pages.linearDocument#block',
        block: {
          $type: 'pub.leaflet.blocks.unorderedList',
          children: [{ content: { $type: 'pub.leaflet.blocks.text', plaintext: 'Cited', facets: [linkFacet('pub.leaflet.richtext.facet#link', 0, 5)] } }],
        },
      },
      // Blocks left out of our union (image, math) still validate: the union is open.
      { $type: 'pub.leaflet.pages.linearDocument#block', block: { $type: 'pub.leaflet.blocks.math', tex: 'e^{i\\pi}' } },
    ],
  },
]
const leaflet = { $type: 'pub.leaflet.document', title: 'Reading list: identity', author: ADA, description: 'Papers', publishedAt: AT, pages: leafletPages }

const card = {
  $type: 'network.cosmik.card',
  type: 'URL',
  content: {
    $type: 'network.cosmik.card#urlContent',
    url: PAGE,
    metadata: { $type: 'network.cosmik.card#urlMetadata', title: 'Branching Narratives', siteName: 'Chive', type: 'article' },
  },
  url: PAGE,
  createdAt: AT,
}

/** As Chive's submit flow (and the sandbox seed) writes it, including fields our subset dropped. */
const eprint = {
  $type: 'pub.chive.eprint.submission', title: 'Branching Narratives as Collaborative Trees',
  abstract: [{ $type: 'pub.chive.richtext.defs#textItem', type: 'text', content: 'We study 1,204 stories.' }],
  abstractPlainText: 'We study 1,204 stories.', document: blob('application/pdf'), documentFormatSlug: 'pdf',
  authors: [{ did: ADA, name: 'Ada Okafor', handle: 'ada.test', order: 1, affiliations: [{ name: 'Vell Institute' }], isCorrespondingAuthor: true }],
  submittedBy: ADA, keywords: ['trees'], licenseSlug: 'CC-BY-4.0', publicationStatusSlug: 'preprint',
  version: { major: 1, minor: 0, patch: 0 }, createdAt: AT, schemaRevision: 3,
}

const cases: [string, RecordNsid, Record<string, unknown>][] = [
  ['a bsky post with a link facet', 'app.bsky.feed.post', post({ facets: [linkFacet('app.bsky.richtext.facet#link', 13, 39)] })],
  ['a bsky post with an external embed', 'app.bsky.feed.post', post({ embed: external })],
  ['a bsky post quoting a record', 'app.bsky.feed.post', post({ embed: quoted })],
  ['a bsky post with recordWithMedia', 'app.bsky.feed.post', post({ embed: { $type: 'app.bsky.embed.recordWithMedia', record: quoted, media: external } })],
  ['a bsky reply with images (embed trimmed from our union)', 'app.bsky.feed.post', post({
    reply: { root: quoted.record, parent: quoted.record },
    embed: { $type: 'app.bsky.embed.images', images: [{ alt: '', image: blob('image/png') }] },
    labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val: 'graphic-media' }] },
  })],
  ['a WhiteWind entry', 'com.whtwnd.blog.entry', {
    $type: 'com.whtwnd.blog.entry', title: 'Notes on branching stories', createdAt: AT, visibility: 'public',
    content: `# Notes\n\nThis week I read [Branching Narratives](${PAGE}).\n`,
    ogp: { url: 'https://whtwnd.com/og.png', width: 1200, height: 630 },
  }],
  ['a Leaflet document with facets, website, button and list blocks', 'pub.leaflet.document', leaflet],
  ['a site.standard.document holding Leaflet content', 'site.standard.document', {
    $type: 'site.standard.document', site: `at://${ADA}/site.standard.publication/3lbfmd6dnyw2k`, path: '/reading-list',
    title: 'Reading list', publishedAt: AT, textContent: 'First: this eprint.',
    content: { $type: 'pub.leaflet.content', pages: leafletPages },
  }],
  ['a Semble URL card', 'network.cosmik.card', card],
  ['a Semble note card', 'network.cosmik.card', { $type: 'network.cosmik.card', type: 'NOTE', content: { $type: 'network.cosmik.card#noteContent', text: 'Look for it on Chive.' }, createdAt: AT }],
  ['a Semble collection', 'network.cosmik.collection', { $type: 'network.cosmik.collection', name: 'Narrative structure', accessType: 'OPEN', createdAt: AT, updatedAt: AT }],
  ['a Semble collectionLink', 'network.cosmik.collectionLink', {
    $type: 'network.cosmik.collectionLink', collection: { uri: `at://${ADA}/network.cosmik.collection/3lbfmd6dnyw2k`, cid: CID },
    card: { uri: `at://${ADA}/network.cosmik.card/3lbfmd6dnyw2l`, cid: CID }, addedBy: ADA, addedAt: AT, createdAt: AT,
  }],
  ['a Chive eprint with the fields we did not keep', 'pub.chive.eprint.submission', eprint],
  ['a Branchline bud', 'ink.branchline.bud', {
    $type: 'ink.branchline.bud', title: 'The Lighthouse at Vell', text: 'The lamp went dark at nine.', createdAt: AT,
    parent: { uri: `at://${ADA}/ink.branchline.bud/3lbfmd6dnyw2k`, cid: CID }, formatting: [{ start: 0, end: 3, type: 'bold' }],
  }],
]

describe('source records Tendril reads', () => {
  it.each(cases)('accepts %s', (_, nsid, value) => {
    expect(validateRecord(nsid, value)).toMatchObject({ $type: nsid })
  })

  it('turns JSON blobs into BlobRefs and fills lexicon defaults', () => {
    const checked = validateRecord('pub.chive.eprint.submission', eprint)
    expect(checked.document).toBeInstanceOf(BlobRef)
    expect(checked.document.ref.toString()).toBe(BLOB_CID)
    expect(checked.title).toBe(eprint.title)
    const entry = validateRecord('com.whtwnd.blog.entry', { $type: 'com.whtwnd.blog.entry', content: 'hi' })
    expect(entry.visibility).toBe('public')
  })

  it.each<[string, RecordNsid, Record<string, unknown>, RegExp]>([
    ['a link facet whose uri is not a URI', 'app.bsky.feed.post', post({ facets: [linkFacet('app.bsky.richtext.facet#link', 0, 4, 'chive.pub')] }), /facets\/0\/features\/0\/uri must be a uri/],
    ['an external embed without a title', 'app.bsky.feed.post', post({ embed: { ...external, external: { uri: PAGE, description: '' } } }), /embed\/external must have the property "title"/],
    ['recordWithMedia whose record has no cid', 'app.bsky.feed.post', post({ embed: { $type: 'app.bsky.embed.recordWithMedia', record: { record: { uri: quoted.record.uri } }, media: external } }), /embed\/record\/record must have the property "cid"/],
    ['a post over 300 graphemes', 'app.bsky.feed.post', post({ text: 'x'.repeat(301) }), /text must not be longer than 300 graphemes/],
    ['a WhiteWind entry with an unknown visibility', 'com.whtwnd.blog.entry', { $type: 'com.whtwnd.blog.entry', content: 'hi', visibility: 'friends' }, /visibility must be one of \(public\|url\|author\)/],
    ['a Leaflet document without author', 'pub.leaflet.document', { ...leaflet, author: undefined }, /must have the property "author"/],
    ['a Leaflet website block without src', 'pub.leaflet.document', { ...leaflet, pages: [{ $type: 'pub.leaflet.pages.linearDocument', blocks: [{ block: { $type: 'pub.leaflet.blocks.website', title: 'x' } }] }] }, /block must have the property "src"/],
    ['a Semble card url that is not a URI', 'network.cosmik.card', { ...card, url: 'not a url' }, /Record\/url must be a uri/],
    ['an eprint whose document is a URL', 'pub.chive.eprint.submission', { ...eprint, document: PAGE }, /document should be a blob ref/],
    ['an eprint without authors', 'pub.chive.eprint.submission', { ...eprint, authors: [] }, /authors must not have fewer than 1 elements/],
    ['an eprint whose abstract item has the wrong type const', 'pub.chive.eprint.submission', { ...eprint, abstract: [{ $type: 'pub.chive.richtext.defs#textItem', type: 'html', content: 'x' }] }, /abstract\/0\/type must be text/],
    ['an eprint whose blob has a bad link', 'pub.chive.eprint.submission', { ...eprint, document: { ...blob('application/pdf'), ref: { $link: 'nope' } } }, /document should be a blob ref/],
  ])('rejects %s', (_, nsid, value, message) => {
    let error: unknown
    try {
      validateRecord(nsid, value)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(RecordInvalidError)
    expect((error as RecordInvalidError).message).toMatch(message)
  })
})
