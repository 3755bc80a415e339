// The sandbox web server against a real PDS + PLC (started in-process by ./world.ts): the markup a
// detector reads on each site, escaping of hostile records, the /xrpc proxies, 404s, and records
// written after the server started.

import https from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_HOSTS } from '../../sandbox/config.ts'
import type { SeedManifest } from '../../sandbox/types.ts'
import { blogLinks } from '../../sandbox/web/sites/blog.ts'
import { startWorld, type Account, type CreatedRecord, type World } from './world.ts'

const BUD = 'ink.branchline.bud'
const EPRINT = 'pub.chive.eprint.submission'
const HOSTILE = '<script>alert(1)</script>'

let world: World
let ada: Account
let basil: Account
let root: CreatedRecord
let hostileBud: CreatedRecord
let leaf: CreatedRecord
let sibling: CreatedRecord
let eprint: CreatedRecord
let eprint2: CreatedRecord
let seed: SeedManifest

const rkey = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1)
const did = (uri: string) => uri.split('/')[2]!
const encoded = (uri: string) => `/eprints/${encodeURIComponent(uri)}`

/** Values of `attr` on every element carrying it, in document order. */
function attrs(body: string, attr: string): string[] {
  return [...body.matchAll(new RegExp(`${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'))
}

function meta(body: string, name: string): string[] {
  return [...body.matchAll(new RegExp(`<meta name="${name}" content="([^"]*)">`, 'g'))].map((m) => m[1]!)
}

beforeAll(async () => {
  world = await startWorld()
  ada = await world.createAccount('ada.test')
  basil = await world.createAccount('basil.test')
  const now = Date.now()
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString()
  root = await world.createRecord(ada, BUD, { title: 'The Lighthouse', text: 'It began with a light.\n\nThen another.', createdAt: at(0) })
  hostileBud = await world.createRecord(basil, BUD, {
    title: HOSTILE,
    text: 'A <img src=x onerror=alert(2)> in the prose & "quotes"',
    createdAt: at(1),
    parent: { uri: root.uri, cid: root.cid },
  })
  leaf = await world.createRecord(ada, BUD, { title: 'Storm', text: 'The storm came.', createdAt: at(2), parent: { uri: hostileBud.uri, cid: hostileBud.cid } })
  sibling = await world.createRecord(basil, BUD, { title: 'Fog', text: 'Fog rolled in.', createdAt: at(3), parent: { uri: root.uri, cid: root.cid } })

  eprint = await world.createRecord(basil, EPRINT, {
    title: 'On Branching Narratives',
    abstract: [
      { type: 'text', content: 'We study stories that grow' },
      { type: 'nodeRef', uri: 'at://did:plc:x/pub.chive.graph.node/1', label: 'ignored' },
      { type: 'text', content: 'in branches.' },
    ],
    authors: [
      { name: 'Ada Lovelace', order: 1, did: ada.did },
      { name: 'Basil Hallward', order: 2 },
    ],
    submittedBy: basil.did,
    licenseSlug: 'cc-by-4.0',
    publishedVersion: { doi: '10.1234/branching.2026' },
    createdAt: '2026-03-04T10:00:00.000Z',
  })
  eprint2 = await world.createRecord(ada, EPRINT, {
    title: 'A Second Paper',
    abstractPlainText: 'Plain abstract.',
    abstract: [],
    authors: [{ name: 'Ada Lovelace', order: 1 }],
    submittedBy: ada.did,
    licenseSlug: 'cc-by-4.0',
    createdAt: '2026-03-05T10:00:00.000Z',
  })

  seed = {
    reader: { handle: ada.handle, did: ada.did, password: ada.password },
    writers: [{ handle: basil.handle, did: basil.did, password: basil.password }],
    stories: [{ title: 'The Lighthouse', root: root.uri, budCount: 4 }],
    buds: {
      total: 4,
      deepBranch: { root: root.uri, leaf: leaf.uri, depth: 3 },
      siblings: [hostileBud.uri, sibling.uri],
      cousins: [leaf.uri, sibling.uri],
      demo: leaf.uri,
    },
    eprints: [
      { uri: eprint.uri, title: 'On Branching Narratives', pageUrl: `https://chive.pub${encoded(eprint.uri)}` },
      { uri: eprint2.uri, title: 'A Second Paper', pageUrl: `https://chive.pub${encoded(eprint2.uri)}` },
    ],
    sources: [],
    decoys: [],
    blogUrl: 'https://reading-notes.example/',
  }
  await world.startWeb(seed)
})

afterAll(async () => {
  await world?.close()
})

describe('certificate and hosts', () => {
  it('serves every sandbox host over TLS with the generated certificate', async () => {
    expect(world.web.certificatePath).toBe(`${world.tmpDir}/web-cert.pem`)
    expect(world.certificate).toContain('BEGIN CERTIFICATE')
    for (const host of SANDBOX_HOSTS) {
      const res = await world.fetchPage(host, '/definitely/not/here')
      expect([200, 404]).toContain(res.status)
      expect(res.body).toMatch(/<title>[^<]+<\/title>/)
    }
  })

  it('answers 421 for a host it does not serve', async () => {
    // TLS for a name the certificate covers; the Host header names another site.
    const res = await world.fetchPage('example.org', '/', { servername: 'localhost' })
    expect(res.status).toBe(421)
    expect((await world.fetchPage('chive.pub.evil.example', '/', { servername: 'localhost' })).status).toBe(421)
  })

  it('answers HEAD without a body and refuses POST to pages', async () => {
    const head = await world.fetchPage('branchline.ink', '/')
    const res = await world.fetchPage('branchline.ink', '/', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.body).toBe('')
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(head.body))
    expect((await world.fetchPage('chive.pub', '/', { method: 'POST', body: 'x' })).status).toBe(405)
  })
})

describe('branchline.ink', () => {
  it('renders the root→leaf path as data-bud-uri list items with bud-<rkey> ids', async () => {
    const res = await world.fetchPage('branchline.ink', `/bud/${ada.did}/${rkey(leaf.uri)}`)
    expect(res.status).toBe(200)
    expect(attrs(res.body, 'data-bud-uri')).toEqual([root.uri, hostileBud.uri, leaf.uri])
    expect(res.body).toMatch(/<ol class="reading-list">/)
    for (const uri of [root.uri, hostileBud.uri, leaf.uri]) {
      expect(res.body).toContain(`<li data-bud-uri="${uri}" id="bud-${rkey(uri)}">`)
    }
    expect(res.body).toContain('<title>Storm · Branchline</title>')
  })

  it('renders hostile record text inert', async () => {
    const res = await world.fetchPage('branchline.ink', `/bud/${basil.did}/${rkey(hostileBud.uri)}`)
    expect(res.status).toBe(200)
    expect(res.body).not.toContain(HOSTILE)
    expect(res.body).not.toContain('<img')
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(res.body).toContain('&lt;img src=x onerror=alert(2)&gt; in the prose &amp; &quot;quotes&quot;')
    // The only script is the page's own navigation script.
    expect(res.body.match(/<script/g)).toHaveLength(1)
  })

  it('links the children of the current bud as "continue with" links, and nothing else as buds', async () => {
    const res = await world.fetchPage('branchline.ink', `/bud/${ada.did}/${rkey(root.uri)}`)
    expect(attrs(res.body, 'data-bud-uri')).toEqual([root.uri])
    expect(res.body).toContain(`<a class="continue-link" href="/bud/${basil.did}/${rkey(hostileBud.uri)}">continue with “&lt;script&gt;`)
    expect(res.body).toContain(`<a class="continue-link" href="/bud/${basil.did}/${rkey(sibling.uri)}">continue with “Fog”`)
  })

  it('accepts a handle or a percent-encoded DID in the path', async () => {
    const byHandle = await world.fetchPage('branchline.ink', `/bud/ada.test/${rkey(leaf.uri)}`)
    expect(attrs(byHandle.body, 'data-bud-uri')).toEqual([root.uri, hostileBud.uri, leaf.uri])
    const byEncoded = await world.fetchPage('branchline.ink', `/bud/${encodeURIComponent(ada.did)}/${rkey(leaf.uri)}`)
    expect(attrs(byEncoded.body, 'data-bud-uri')).toEqual([root.uri, hostileBud.uri, leaf.uri])
  })

  it('serves the in-app navigation script and a JSON fragment of the same content', async () => {
    const full = await world.fetchPage('branchline.ink', `/bud/${ada.did}/${rkey(root.uri)}`)
    expect(full.body).toContain('history.pushState')
    expect(full.body).toContain('<main id="app" data-status="200">')
    const fragment = await world.fetchPage('branchline.ink', `/bud/${ada.did}/${rkey(leaf.uri)}?fragment=1`)
    expect(fragment.headers['content-type']).toMatch(/application\/json/)
    const data = JSON.parse(fragment.body) as { status: number; title: string; main: string }
    expect(data.status).toBe(200)
    expect(data.title).toBe('Storm · Branchline')
    expect(attrs(data.main, 'data-bud-uri')).toEqual([root.uri, hostileBud.uri, leaf.uri])
  })

  it('shows an in-app "not found" with HTTP 404 for unknown buds', async () => {
    for (const p of [`/bud/${ada.did}/3zzzzzzzzzzzz`, `/bud/nobody.test/${rkey(leaf.uri)}`, `/bud/${ada.did}/${rkey(eprint2.uri)}`]) {
      const res = await world.fetchPage('branchline.ink', p)
      expect(res.status).toBe(404)
      expect(res.body).toContain('Not a bud we know.')
      expect(res.body).not.toContain('data-bud-uri')
    }
    for (const p of [`/bud/${ada.did}/3zzzzzzzzzzzz?fragment=1`, '/bud/only-one-segment?fragment=1']) {
      const fragment = await world.fetchPage('branchline.ink', p)
      expect(fragment.status).toBe(404)
      expect(JSON.parse(fragment.body)).toMatchObject({ status: 404, title: 'Branchline' })
    }
  })

  it('lists stories on the home page, linking their root buds', async () => {
    const res = await world.fetchPage('branchline.ink', '/')
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<a href="/bud/${ada.did}/${rkey(root.uri)}">The Lighthouse</a>`)
    expect(res.body).toContain('4 buds')
  })

  it('proxies /xrpc to the Branchline AppView', async () => {
    const res = await world.fetchPage('branchline.ink', `/xrpc/ink.branchline.getBranch?bud=${encodeURIComponent(leaf.uri)}`)
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ buds: [root.uri, hostileBud.uri, leaf.uri] })
    const missing = await world.fetchPage('branchline.ink', '/xrpc/ink.branchline.getBranch')
    expect(missing.status).toBe(400)
  })

  it('shows a bud written after the server started', async () => {
    const late = await world.createRecord(basil, BUD, {
      title: 'Late arrival',
      text: 'Written while the sandbox ran.',
      createdAt: new Date().toISOString(),
      parent: { uri: leaf.uri, cid: leaf.cid },
    })
    const leafPage = await world.fetchPage('branchline.ink', `/bud/${ada.did}/${rkey(leaf.uri)}`)
    expect(leafPage.body).toContain(`href="/bud/${basil.did}/${rkey(late.uri)}">continue with “Late arrival”`)
    const latePage = await world.fetchPage('branchline.ink', `/bud/${basil.did}/${rkey(late.uri)}`)
    expect(attrs(latePage.body, 'data-bud-uri')).toEqual([root.uri, hostileBud.uri, leaf.uri, late.uri])
  })
})

describe('chive.pub', () => {
  it('renders an eprint with its AT-URI link and Highwire citation tags', async () => {
    const res = await world.fetchPage('chive.pub', encoded(eprint.uri))
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<link rel="alternate" type="application/at-uri" href="${eprint.uri}">`)
    expect(meta(res.body, 'citation_title')).toEqual(['On Branching Narratives'])
    expect(meta(res.body, 'citation_author')).toEqual(['Ada Lovelace', 'Basil Hallward'])
    expect(meta(res.body, 'citation_publication_date')).toEqual(['2026/03/04'])
    expect(meta(res.body, 'citation_doi')).toEqual(['10.1234/branching.2026'])
    expect(meta(res.body, 'citation_abstract_html_url')).toEqual([`https://chive.pub${encoded(eprint.uri)}`])
    expect(res.body).toContain('<link rel="alternate" href="https://doi.org/10.1234/branching.2026"')
    expect(res.body).toContain('We study stories that grow in branches.')
    expect(res.body).toContain('<title>On Branching Narratives | Chive</title>')
  })

  it('accepts the unencoded /eprints/at://… form and api.chive.pub', async () => {
    for (const [host, p] of [
      ['chive.pub', `/eprints/${eprint2.uri}`],
      ['api.chive.pub', encoded(eprint2.uri)],
    ] as const) {
      const res = await world.fetchPage(host, p)
      expect(res.status).toBe(200)
      expect(res.body).toContain(`<link rel="alternate" type="application/at-uri" href="${eprint2.uri}">`)
      expect(res.body).toContain('Plain abstract.')
    }
  })

  it('redirects the old /eprint/ and /paper/ links to the canonical page', async () => {
    for (const prefix of ['eprint', 'paper']) {
      const res = await world.fetchPage('chive.pub', `/${prefix}/${did(eprint.uri)}/${rkey(eprint.uri)}`)
      expect(res.status).toBe(301)
      expect(res.headers.location).toBe(encoded(eprint.uri))
    }
  })

  it('answers 404 for unknown or malformed eprints', async () => {
    for (const p of [
      encoded(`at://${basil.did}/${EPRINT}/3zzzzzzzzzzzz`),
      encoded(root.uri),
      '/eprints/not-an-at-uri',
      '/eprints/',
    ]) {
      const res = await world.fetchPage('chive.pub', p)
      expect(res.status, p).toBe(404)
      expect(res.body).not.toContain('application/at-uri')
    }
  })

  it('proxies /xrpc to the Chive AppView with method, Authorization and body intact', async () => {
    const body = JSON.stringify({ sourceUri: sibling.uri, targetUri: eprint.uri, sourceType: 'bluesky.post' })
    const res = await world.fetchPage('chive.pub', '/xrpc/pub.chive.backlink.create', {
      method: 'POST',
      headers: { authorization: 'Bearer service.jwt.token', 'content-type': 'application/json' },
      body,
    })
    expect(res.status).toBe(200)
    expect(res.headers['x-fake-chive']).toBe('yes')
    const hit = world.chiveHits.at(-1)!
    expect(hit).toMatchObject({ method: 'POST', url: '/xrpc/pub.chive.backlink.create', body })
    expect(hit.headers.authorization).toBe('Bearer service.jwt.token')
    expect(hit.headers['content-type']).toBe('application/json')
    expect(hit.headers['x-forwarded-host']).toBe('chive.pub')

    const viaApi = await world.fetchPage('api.chive.pub', `/xrpc/pub.chive.backlink.getCounts?targetUri=${encodeURIComponent(eprint.uri)}`)
    expect(JSON.parse(viaApi.body).echo).toMatchObject({ method: 'GET', path: '/xrpc/pub.chive.backlink.getCounts', authorization: null })
    expect(world.chiveHits.at(-1)!.url).toBe(`/xrpc/pub.chive.backlink.getCounts?targetUri=${encodeURIComponent(eprint.uri)}`)
  })

  it('lists the backlinks Chive knows on the eprint page', async () => {
    const res = await world.fetchPage('chive.pub', encoded(eprint.uri))
    expect(res.body).toContain('Backlinks (1)')
    expect(res.body).toContain(`<code>${sibling.uri}</code>`)
  })

  it('shows an eprint written after the server started on the home page and its own page', async () => {
    const late = await world.createRecord(ada, EPRINT, {
      title: 'Late Paper',
      abstract: [{ type: 'text', content: 'Late.' }],
      authors: [{ name: 'Ada Lovelace', order: 1 }],
      createdAt: new Date().toISOString(),
    })
    expect((await world.fetchPage('chive.pub', '/')).body).toContain(`<a href="${encoded(late.uri)}">Late Paper</a>`)
    expect(meta((await world.fetchPage('chive.pub', encoded(late.uri))).body, 'citation_title')).toEqual(['Late Paper'])
  })
})

describe('bsky.app', () => {
  it('renders link facets with the full URI as href and the shortened text as anchor text', async () => {
    const full = `https://chive.pub${encoded(eprint.uri)}`
    const text = 'New paper 🎉 chive.pub/eprints/at%3A… #branching'
    const bytes = (s: string) => Buffer.byteLength(s)
    const start = bytes('New paper 🎉 ')
    const linkText = 'chive.pub/eprints/at%3A…'
    const post = await world.createRecord(ada, 'app.bsky.feed.post', {
      $type: 'app.bsky.feed.post',
      text,
      createdAt: new Date().toISOString(),
      facets: [
        { index: { byteStart: start, byteEnd: start + bytes(linkText) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: full }] },
        { index: { byteStart: bytes(text) - bytes('#branching'), byteEnd: bytes(text) }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'branching' }] },
      ],
      embed: { $type: 'app.bsky.embed.external', external: { uri: `https://chive.pub${encoded(eprint2.uri)}`, title: 'A Second Paper', description: 'Card' } },
    })
    for (const actor of [ada.did, 'ada.test']) {
      const res = await world.fetchPage('bsky.app', `/profile/${actor}/post/${rkey(post.uri)}`)
      expect(res.status).toBe(200)
      expect(res.body).toContain(`<link rel="alternate" href="${post.uri}">`)
      expect(res.body).toContain(`<a href="${full}">${linkText}</a>`)
      expect(res.body).toContain('<a href="/hashtag/branching">#branching</a>')
      expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint2.uri)}" class="external-card">`)
    }
  })

  it('shows record embeds and recordWithMedia external cards', async () => {
    const quote = await world.createRecord(basil, 'app.bsky.feed.post', {
      text: 'Quoting a paper',
      createdAt: new Date().toISOString(),
      embed: { $type: 'app.bsky.embed.record', record: { uri: eprint.uri, cid: eprint.cid } },
    })
    const res = await world.fetchPage('bsky.app', `/profile/basil.test/post/${rkey(quote.uri)}`)
    expect(res.body).toContain(`data-embed-uri="${eprint.uri}"`)
    expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint.uri)}"><code>${eprint.uri}</code></a>`)

    const withMedia = await world.createRecord(basil, 'app.bsky.feed.post', {
      text: 'Both',
      createdAt: new Date().toISOString(),
      embed: {
        $type: 'app.bsky.embed.recordWithMedia',
        record: { $type: 'app.bsky.embed.record', record: { uri: quote.uri, cid: quote.cid } },
        media: { $type: 'app.bsky.embed.external', external: { uri: `https://chive.pub${encoded(eprint.uri)}`, title: 'T', description: '' } },
      },
    })
    const both = await world.fetchPage('bsky.app', `/profile/${basil.did}/post/${rkey(withMedia.uri)}`)
    expect(both.body).toContain(`<a href="https://chive.pub${encoded(eprint.uri)}" class="external-card">`)
    expect(both.body).toContain(`data-embed-uri="${quote.uri}"`)
  })

  it('answers 404 for a missing post', async () => {
    expect((await world.fetchPage('bsky.app', `/profile/${ada.did}/post/3zzzzzzzzzzzz`)).status).toBe(404)
  })
})

describe('whtwnd.com', () => {
  it('renders markdown content with links, honouring visibility', async () => {
    const content = `# Notes on ${HOSTILE}\n\nI read [the paper](https://chive.pub${encoded(eprint.uri)}) and also https://chive.pub/eprints/${eprint2.uri}.\n\n<b>raw html</b>`
    const entry = await world.createRecord(ada, 'com.whtwnd.blog.entry', { title: 'Reading log', content, createdAt: new Date().toISOString(), visibility: 'public' })
    const res = await world.fetchPage('whtwnd.com', `/ada.test/${rkey(entry.uri)}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<link rel="alternate" href="${entry.uri}">`)
    expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint.uri)}">the paper</a>`)
    expect(res.body).toContain(`<a href="https://chive.pub/eprints/${eprint2.uri}">`)
    expect(res.body).toContain('<h1>Notes on &lt;script&gt;alert(1)&lt;/script&gt;</h1>')
    expect(res.body).toContain('&lt;b&gt;raw html&lt;/b&gt;')
    expect(res.body).not.toContain(HOSTILE)

    const withCid = await world.fetchPage('whtwnd.com', `/${ada.did}/${rkey(entry.uri)}/${entry.cid}`)
    expect(withCid.body).toContain(`<link rel="alternate" href="${entry.uri}">`)
    const staleCid = await world.fetchPage('whtwnd.com', `/${ada.did}/${rkey(entry.uri)}/${eprint.cid}`)
    expect(staleCid.status).toBe(200)
    const byTitle = await world.fetchPage('whtwnd.com', `/ada.test/entries/${encodeURIComponent('Reading log')}`)
    expect(byTitle.body).toContain(`<link rel="alternate" href="${entry.uri}">`)

    const secret = await world.createRecord(ada, 'com.whtwnd.blog.entry', { title: 'Secret', content: 'Private', visibility: 'author' })
    const hidden = await world.fetchPage('whtwnd.com', `/ada.test/${rkey(secret.uri)}`)
    expect(hidden.status).toBe(404)
    expect(hidden.body).not.toContain('Private')
    expect(hidden.body).not.toContain(secret.uri)
    const unlisted = await world.createRecord(ada, 'com.whtwnd.blog.entry', { title: 'Unlisted', content: 'By link only', visibility: 'url' })
    expect((await world.fetchPage('whtwnd.com', `/ada.test/${rkey(unlisted.uri)}`)).status).toBe(200)
  })
})

describe('leaflet.pub', () => {
  it('renders a document with link facets and the site.standard.document link', async () => {
    const text = 'See the preprint for details.'
    const start = Buffer.byteLength('See the ')
    const doc = await world.createRecord(basil, 'pub.leaflet.document', {
      $type: 'pub.leaflet.document',
      title: 'Reading list',
      author: basil.did,
      publishedAt: new Date().toISOString(),
      pages: [
        {
          $type: 'pub.leaflet.pages.linearDocument',
          blocks: [
            { $type: 'pub.leaflet.pages.linearDocument#block', block: { $type: 'pub.leaflet.blocks.header', level: 2, plaintext: 'Papers' } },
            {
              $type: 'pub.leaflet.pages.linearDocument#block',
              block: {
                $type: 'pub.leaflet.blocks.text',
                plaintext: text,
                facets: [{ index: { byteStart: start, byteEnd: start + Buffer.byteLength('preprint') }, features: [{ $type: 'pub.leaflet.richtext.facet#link', uri: `https://chive.pub${encoded(eprint.uri)}` }] }],
              },
            },
            { block: { $type: 'pub.leaflet.blocks.website', src: `https://chive.pub${encoded(eprint2.uri)}`, title: 'Second' } },
            { block: { $type: 'pub.leaflet.blocks.iframe', url: 'https://elsewhere.example/embed' } },
          ],
        },
      ],
    })
    const res = await world.fetchPage('leaflet.pub', `/p/${basil.did}/${rkey(doc.uri)}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<link rel="site.standard.document" href="${doc.uri}">`)
    expect(res.body).toContain(`<link rel="alternate" href="${doc.uri}">`)
    expect(res.body).toContain(`<meta name="at:canonical" content="${doc.uri}">`)
    expect(res.body).toContain(`See the <a href="https://chive.pub${encoded(eprint.uri)}">preprint</a> for details.`)
    expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint2.uri)}"><strong>Second</strong>`)
    expect(res.body).toContain('<h2>Papers</h2>')
    expect(res.body).not.toContain('<iframe')

    const byHandle = await world.fetchPage('leaflet.pub', `/p/basil.test/${rkey(doc.uri)}`)
    expect(byHandle.status).toBe(307)
    expect(byHandle.headers.location).toBe(`/p/${encodeURIComponent(basil.did)}/${rkey(doc.uri)}`)
    const encodedDid = await world.fetchPage('leaflet.pub', byHandle.headers.location!)
    expect(encodedDid.status).toBe(200)
  })

  it('prefers site.standard.document and reads blobPages', async () => {
    const pages = [{ blocks: [{ block: { $type: 'pub.leaflet.blocks.button', text: 'Read it', url: `https://chive.pub${encoded(eprint.uri)}` } }] }]
    const blob = await world.uploadBlob(basil, new TextEncoder().encode(JSON.stringify(pages)), 'application/json')
    const doc = await world.createRecord(basil, 'site.standard.document', {
      $type: 'site.standard.document',
      site: 'https://leaflet.pub',
      title: 'Standard doc',
      publishedAt: new Date().toISOString(),
      content: { $type: 'pub.leaflet.content', pages: [], blobPages: blob },
    })
    const res = await world.fetchPage('leaflet.pub', `/p/${basil.did}/${rkey(doc.uri)}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<link rel="site.standard.document" href="${doc.uri}">`)
    expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint.uri)}">Read it</a>`)
  })
})

describe('semble.so', () => {
  it('renders a collection with the cards linked to it', async () => {
    const collection = await world.createRecord(basil, 'network.cosmik.collection', { name: 'Branching reads', accessType: 'OPEN', createdAt: new Date().toISOString() })
    const other = await world.createRecord(basil, 'network.cosmik.collection', { name: 'Other', accessType: 'OPEN' })
    const card1 = await world.createRecord(basil, 'network.cosmik.card', {
      type: 'URL',
      content: { $type: 'network.cosmik.card#urlContent', url: `https://chive.pub${encoded(eprint.uri)}`, metadata: { title: 'On Branching Narratives' } },
      url: `https://chive.pub${encoded(eprint.uri)}`,
    })
    const card2 = await world.createRecord(basil, 'network.cosmik.card', { type: 'URL', content: { url: 'https://example.com/unrelated' } })
    const card3 = await world.createRecord(basil, 'network.cosmik.card', { type: 'URL', content: { url: 'https://example.com/elsewhere' } })
    const addedAt = new Date().toISOString()
    const linkTo = (c: CreatedRecord, col: CreatedRecord) =>
      world.createRecord(basil, 'network.cosmik.collectionLink', { collection: { uri: col.uri, cid: col.cid }, card: { uri: c.uri, cid: c.cid }, addedBy: basil.did, addedAt })
    await linkTo(card1, collection)
    await linkTo(card2, collection)
    await linkTo(card3, other)
    const res = await world.fetchPage('semble.so', `/profile/basil.test/collections/${rkey(collection.uri)}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<link rel="alternate" href="${collection.uri}">`)
    expect(res.body).toContain(`<meta name="at:canonical" content="${collection.uri}">`)
    expect(res.body).toContain(`<a href="https://chive.pub${encoded(eprint.uri)}">On Branching Narratives</a>`)
    expect(res.body).toContain('<a href="https://example.com/unrelated">')
    expect(res.body).not.toContain('example.com/elsewhere')
    expect(attrs(res.body, 'data-card-uri')).toEqual([card1.uri, card2.uri])
    expect((await world.fetchPage('semble.so', `/profile/basil.test/collections/3zzzzzzzzzzzz`)).status).toBe(404)
  })
})

describe('reading-notes.example', () => {
  it('links bud and eprint pages in the shapes seen in the wild and mentions one title without a link', async () => {
    const res = await world.fetchPage('reading-notes.example', '/')
    expect(res.status).toBe(200)
    const hrefs = attrs(res.body, 'href')
    const content = blogLinks(seed)
    expect(content.links.length).toBeGreaterThan(3)
    for (const l of content.links) expect(hrefs).toContain(l.href)
    expect(hrefs).toContain(`https://branchline.ink/bud/${ada.did}/${rkey(leaf.uri)}#bud-${rkey(leaf.uri)}`)
    expect(hrefs).toContain(`https://branchline.ink/bud/${ada.did}/${rkey(root.uri)}`)
    expect(hrefs).toContain(`https://chive.pub${encoded(eprint.uri)}`)
    expect(content.mention).toEqual({ target: eprint2.uri, title: 'A Second Paper' })
    expect(res.body).toContain('“A Second Paper”')
    expect(res.body).not.toContain(`>A Second Paper</a>`)
    expect(hrefs.some((h) => h.includes(rkey(eprint2.uri)))).toBe(false)
  })
})

describe('pages carry no external resources', () => {
  it('has no src attributes, stylesheets or preloads on any page', async () => {
    const pages: [string, string][] = [
      ['branchline.ink', '/'],
      ['branchline.ink', `/bud/${ada.did}/${rkey(leaf.uri)}`],
      ['chive.pub', encoded(eprint.uri)],
      ['reading-notes.example', '/'],
    ]
    for (const [host, p] of pages) {
      const { body } = await world.fetchPage(host, p)
      expect(body).not.toMatch(/<[a-z][^>]*\ssrc=/i)
      expect(body).not.toMatch(/rel="(stylesheet|preload|prefetch|icon|preconnect)"/)
      expect(body.startsWith('<!doctype html>')).toBe(true)
    }
  })
})

describe('close()', () => {
  it('stops the server even with a keep-alive connection open', async () => {
    const agent = new https.Agent({ keepAlive: true, ca: world.certificate, servername: 'chive.pub' })
    await new Promise<void>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port: world.webPort, path: '/', headers: { host: 'chive.pub' }, agent, servername: 'chive.pub' }, (res) => {
          res.resume()
          res.on('end', () => resolve())
        })
        .on('error', reject)
    })
    const started = Date.now()
    await world.web.close()
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(world.fetchPage('chive.pub', '/')).rejects.toThrow()
    agent.destroy()
  })
})
