// The pure pieces of the site renderers: what each real site does with its records.

import { describe, expect, it } from 'vitest'
import type { SeedManifest } from '../../sandbox/types.ts'
import { blogLinks, blogPage } from '../../sandbox/web/sites/blog.ts'
import { pageForAtUri, renderEmbed } from '../../sandbox/web/sites/bluesky.ts'
import { budPath } from '../../sandbox/web/sites/branchline.ts'
import { abstractText, citationDate, eprintPageUrl } from '../../sandbox/web/sites/chive.ts'
import { renderBlock } from '../../sandbox/web/sites/leaflet.ts'
import { cardUrl } from '../../sandbox/web/sites/semble.ts'
import { isVisibleToOthers } from '../../sandbox/web/sites/whitewind.ts'

const DID = 'did:plc:abc123'
const EPRINT = `at://${DID}/pub.chive.eprint.submission/3kaaaaaaaaaa1`

describe('branchline', () => {
  it('maps bud AT-URIs to their page path', () => {
    expect(budPath(`at://${DID}/ink.branchline.bud/3k1`)).toBe(`/bud/${DID}/3k1`)
    expect(budPath('garbage')).toBe('/')
  })
})

describe('chive', () => {
  it('builds the canonical page URL with the AT-URI encoded', () => {
    expect(eprintPageUrl(EPRINT)).toBe(`https://chive.pub/eprints/at%3A%2F%2Fdid%3Aplc%3Aabc123%2Fpub.chive.eprint.submission%2F3kaaaaaaaaaa1`)
  })

  it.each([
    [{ abstractPlainText: 'plain', abstract: [{ type: 'text', content: 'rich' }] }, 'plain'],
    [{ abstract: [{ type: 'text', content: 'a' }, { type: 'latex', content: 'x' }, { type: 'text', content: 'b' }] }, 'a b'],
    [{ abstract: 'an old string abstract' }, 'an old string abstract'],
    [{ abstract: [null, 3, { type: 'text' }] }, ''],
    [{}, ''],
  ])('abstract of %j', (value, expected) => {
    expect(abstractText(value as Record<string, unknown>)).toBe(expected)
  })

  it.each([
    ['2026-03-04T10:00:00.000Z', '2026/03/04'],
    ['2026-12-31T23:30:00-05:00', '2027/01/01'],
    ['not a date', undefined],
    [42, undefined],
  ])('citation date of %j', (value, expected) => {
    expect(citationDate(value)).toBe(expected)
  })
})

describe('bluesky', () => {
  it.each([
    [`at://${DID}/app.bsky.feed.post/3kp`, `https://bsky.app/profile/${DID}/post/3kp`],
    [EPRINT, eprintPageUrl(EPRINT)],
    [`at://${DID}/ink.branchline.bud/3kb`, `https://branchline.ink/bud/${DID}/3kb`],
    [`at://${DID}/com.example.other/1`, undefined],
    ['nonsense', undefined],
  ])('page for %s', (uri, expected) => {
    expect(pageForAtUri(uri)).toBe(expected)
  })

  it('renders external, record, recordWithMedia and image embeds without loading anything', () => {
    const external = { $type: 'app.bsky.embed.external', external: { uri: 'https://a.example/p', title: '<T>', description: 'd' } }
    expect(renderEmbed(external).value).toContain('<a href="https://a.example/p" class="external-card"><strong>&lt;T&gt;</strong>')
    const record = { $type: 'app.bsky.embed.record', record: { uri: EPRINT, cid: 'x' } }
    expect(renderEmbed(record).value).toContain(`data-embed-uri="${EPRINT}"`)
    const both = renderEmbed({ $type: 'app.bsky.embed.recordWithMedia', record, media: external }).value
    expect(both).toContain('class="external-card"')
    expect(both).toContain(`data-embed-uri="${EPRINT}"`)
    const images = renderEmbed({ $type: 'app.bsky.embed.images', images: [{ alt: 'a cat', image: {} }] }).value
    expect(images).toContain('[image: a cat]')
    expect(images).not.toContain('<img')
    expect(renderEmbed({ $type: 'app.bsky.embed.external', external: { uri: 'javascript:alert(1)', title: 'x' } }).value).not.toContain('href')
    expect(renderEmbed(undefined).value).toBe('')
  })
})

describe('whitewind', () => {
  it.each([
    [{}, true],
    [{ visibility: 'public' }, true],
    [{ visibility: 'url' }, true],
    [{ visibility: 'author' }, false],
    [{ visibility: 'public', isDraft: true }, false],
    [{ visibility: 'something-new' }, false],
  ])('%j visible to others: %s', (value, expected) => {
    expect(isVisibleToOthers(value)).toBe(expected)
  })
})

describe('leaflet', () => {
  it('renders blocks, links from facets, and never an iframe or image', () => {
    expect(renderBlock({ $type: 'pub.leaflet.blocks.header', level: 9, plaintext: 'H' }).value).toBe('<h6>H</h6>')
    expect(renderBlock({ $type: 'pub.leaflet.blocks.button', text: 'Go', url: 'https://a.example' }).value).toContain('<a href="https://a.example">Go</a>')
    expect(renderBlock({ $type: 'pub.leaflet.blocks.iframe', url: 'https://a.example/e' }).value).not.toContain('<iframe')
    expect(renderBlock({ $type: 'pub.leaflet.blocks.image', alt: 'pic' }).value).not.toContain('<img')
    const list = renderBlock({
      $type: 'pub.leaflet.blocks.unorderedList',
      children: [{ content: { $type: 'pub.leaflet.blocks.text', plaintext: 'item', facets: [{ index: { byteStart: 0, byteEnd: 4 }, features: [{ $type: 'pub.leaflet.richtext.facet#link', uri: 'https://a.example' }] }] } }],
    }).value
    expect(list).toBe('<ul><li><p><a href="https://a.example">item</a></p></li></ul>')
    expect(renderBlock({ $type: 'pub.leaflet.blocks.poll' }).value).toBe('')
  })
})

describe('semble', () => {
  it.each([
    [{ type: 'URL', content: { url: 'https://a.example/c' }, url: 'https://a.example/top' }, 'https://a.example/c'],
    [{ type: 'URL', url: 'https://a.example/top' }, 'https://a.example/top'],
    [{ type: 'NOTE', content: { text: 'hi' } }, undefined],
  ])('card url of %j', (card, expected) => {
    expect(cardUrl(card)).toBe(expected)
  })
})

describe('reading-notes blog', () => {
  const account = (handle: string, did: string) => ({ handle, did, password: 'p' })
  const bud = (did: string, rkey: string) => `at://${did}/ink.branchline.bud/${rkey}`
  const eprint = (rkey: string) => `at://did:plc:paper/pub.chive.eprint.submission/${rkey}`
  const seed: SeedManifest = {
    reader: account('reader.test', 'did:plc:reader'),
    writers: [account('ada.test', 'did:plc:ada'), account('basil.test', 'did:plc:basil')],
    stories: [
      { title: 'One <b>', root: bud('did:plc:ada', 'r1'), budCount: 3 },
      { title: 'Two', root: bud('did:plc:basil', 'r2'), budCount: 2 },
    ],
    buds: {
      total: 5,
      deepBranch: { root: bud('did:plc:ada', 'r1'), leaf: bud('did:plc:basil', 'l1'), depth: 3 },
      siblings: [bud('did:plc:ada', 's1'), bud('did:plc:ada', 's2')],
      cousins: [bud('did:plc:ada', 'c1'), bud('did:plc:ada', 'c2')],
      demo: bud('did:plc:ada', 'd1'),
    },
    eprints: ['e1', 'e2', 'e3', 'e4'].map((rkey) => ({ uri: eprint(rkey), title: `Paper ${rkey}`, pageUrl: eprintPageUrl(eprint(rkey)) })),
    sources: [],
    decoys: [],
    blogUrl: 'https://reading-notes.example/',
  }

  it('links buds and eprints in every shape seen in the wild and mentions the last eprint in plain text', () => {
    const { links, mention } = blogLinks(seed)
    expect(links.map((l) => [l.form, l.href])).toEqual([
      ['bud-root', 'https://branchline.ink/bud/did:plc:ada/r1'],
      ['bud-root', 'https://branchline.ink/bud/did:plc:basil/r2'],
      ['bud-leaf', 'https://branchline.ink/bud/did:plc:basil/l1'],
      ['bud-crosspost-fragment', 'https://branchline.ink/bud/did:plc:basil/l1#bud-l1'],
      ['bud-handle', 'https://branchline.ink/bud/ada.test/d1'],
      ['eprint-canonical', eprintPageUrl(eprint('e1'))],
      ['eprint-raw-at-uri', `https://chive.pub/eprints/${eprint('e2')}`],
      ['eprint-legacy', 'https://chive.pub/eprint/did:plc:paper/e3'],
    ])
    expect(mention).toEqual({ target: eprint('e4'), title: 'Paper e4' })
  })

  it('renders those links, escapes titles, and does not link the mention', () => {
    const { body } = blogPage(seed)
    for (const l of blogLinks(seed).links) expect(body).toContain(`href="${l.href}"`)
    expect(body).toContain('One &lt;b&gt;')
    expect(body).toContain('“Paper e4”')
    expect(body).not.toContain('e4</a>')
    expect(body).not.toContain('/e4')
  })
})
