// The ready line and the seed it describes: everything in it must be true of the running sandbox.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { IdResolver } from '@atproto/identity'
import { jsonToLex, Lexicons, type LexiconDoc } from '@atproto/lexicon'
import { describe, expect, it } from 'vitest'
import { CHIVE_SERVICE_DID, SANDBOX_ACCOUNTS, SANDBOX_HOSTS, hostResolverRules, sandboxPorts } from '../../sandbox/config.ts'
import { xrpc } from '../../sandbox/xrpc.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { didOf, fetchSitePage, login, raw, rkeyOf } from './helpers.ts'
import { citedEprints } from './seed-links.ts'

const sb = useSandbox()
const seed = sb.seed
// Optional in the type only for hand-built manifests; the sandbox always sets them (checked below).
const privateSources = seed.privateSources ?? []

async function getRecord(uri: string): Promise<any> {
  const [, , repo, collection, rkey] = uri.split('/')
  return xrpc(sb.pdsUrl, 'com.atproto.repo.getRecord', { params: { repo: repo!, collection: collection!, rkey: rkey! } })
}

async function listAll(did: string, collection: string): Promise<{ uri: string; value: any }[]> {
  const out: { uri: string; value: any }[] = []
  let cursor: string | undefined
  do {
    const page: any = await xrpc(sb.pdsUrl, 'com.atproto.repo.listRecords', {
      params: { repo: did, collection, limit: 100, cursor },
    })
    out.push(...page.records)
    cursor = page.records.length === 100 ? page.cursor : undefined
  } while (cursor)
  return out
}

describe('ready line', () => {
  it('points at loopback services on the configured ports', () => {
    const ports = sandboxPorts()
    expect(sb.ready).toBe(true)
    expect(sb.plcUrl).toBe(`http://127.0.0.1:${ports.plc}`)
    expect(sb.pdsUrl).toBe(`http://localhost:${ports.pds}`)
    expect(sb.branchlineUrl).toBe(`http://127.0.0.1:${ports.branchline}`)
    expect(sb.chiveUrl).toBe(`http://127.0.0.1:${ports.chive}`)
    expect(sb.controlUrl).toBe(`http://127.0.0.1:${ports.control}`)
    expect(sb.chiveServiceDid).toBe(CHIVE_SERVICE_DID)
    expect(sb.web.port).toBe(ports.web)
    expect(sb.web.hosts).toEqual([...SANDBOX_HOSTS])
    expect(sb.web.hostResolverRules).toBe(hostResolverRules(ports))
  })

  it('names a certificate file that exists (the page server ran)', () => {
    expect(sb.web.certificatePath).not.toBe('')
    expect(fs.readFileSync(sb.web.certificatePath, 'utf8')).toContain('BEGIN CERTIFICATE')
  })

  it('control /health reports a running PDS', async () => {
    const health = await (await fetch(`${sb.controlUrl}/health`)).json()
    expect(health).toMatchObject({ ok: true, pds: { running: true, url: sb.pdsUrl } })
  })
})

describe('accounts', () => {
  const accounts = [seed.reader, ...seed.writers]
  // The library's default fetch refuses http and loopback; a plain fetch is its documented opt-out.
  const resolver = new IdResolver({ plcUrl: sb.plcUrl, fetch: globalThis.fetch })

  it('are the configured handles', () => {
    expect(seed.reader.handle).toBe(SANDBOX_ACCOUNTS.reader)
    expect(seed.writers.map((w) => w.handle)).toEqual([...SANDBOX_ACCOUNTS.writers])
  })

  it.each(accounts.map((a) => [a.handle, a] as const))('%s resolves through the PLC to the sandbox PDS', async (_, account) => {
    expect(account.did).toMatch(/^did:plc:[a-z2-7]{24}$/)
    const data = await resolver.did.resolveAtprotoData(account.did, true)
    expect(data).toMatchObject({ did: account.did, handle: account.handle, pds: sb.pdsUrl })
    const resolved = await xrpc(sb.pdsUrl, 'com.atproto.identity.resolveHandle', { params: { handle: account.handle } })
    expect(resolved.did).toBe(account.did)
    const session = await login(account.handle)
    expect(session.did).toBe(account.did)
  })
})

describe('seed', () => {
  it('has at least two stories whose roots have no parent', async () => {
    expect(seed.stories.length).toBeGreaterThanOrEqual(2)
    for (const story of seed.stories) {
      const root = await getRecord(story.root)
      expect(root.value.$type).toBe('ink.branchline.bud')
      expect(root.value.parent).toBeUndefined()
      expect(root.value.title).toBe(story.title)
    }
  })

  it('has at least 200 buds, spread over the writers, matching the manifest', async () => {
    expect(seed.buds.total).toBeGreaterThanOrEqual(200)
    expect(seed.stories.reduce((n, s) => n + s.budCount, 0)).toBe(seed.buds.total)
    const perWriter = await Promise.all(seed.writers.map((w) => listAll(w.did, 'ink.branchline.bud')))
    for (const buds of perWriter) expect(buds.length).toBeGreaterThan(20)
    // ≥: other tests may add buds while this file runs.
    expect(perWriter.flat().length).toBeGreaterThanOrEqual(seed.buds.total)
    expect((await listAll(seed.reader.did, 'ink.branchline.bud')).length).toBe(0)
  })

  it('has a branch at least 200 deep, as getBranch reports it', async () => {
    const { root, leaf, depth } = seed.buds.deepBranch
    expect(depth).toBeGreaterThanOrEqual(200)
    const res = await raw(sb.branchlineUrl, 'ink.branchline.getBranch', { params: { bud: leaf } })
    expect(res.status).toBe(200)
    expect(res.body.buds).toHaveLength(depth)
    expect(res.body.buds[0]).toBe(root)
    expect(res.body.buds.at(-1)).toBe(leaf)
  })

  it('has siblings (same parent) and cousins (parents are siblings)', async () => {
    const parentOf = async (uri: string) => (await getRecord(uri)).value.parent?.uri as string
    const [s1, s2] = seed.buds.siblings
    expect(s1).not.toBe(s2)
    expect(await parentOf(s1)).toBe(await parentOf(s2))
    const [c1, c2] = seed.buds.cousins
    const [p1, p2] = [await parentOf(c1), await parentOf(c2)]
    expect(p1).not.toBe(p2)
    expect(await parentOf(p1)).toBe(await parentOf(p2))
    expect((await getRecord(seed.buds.demo)).value.$type).toBe('ink.branchline.bud')
  })

  it('has at least three eprints with the fields Chive requires', async () => {
    expect(seed.eprints.length).toBeGreaterThanOrEqual(3)
    for (const eprint of seed.eprints) {
      expect(eprint.pageUrl).toBe(`https://chive.pub/eprints/${encodeURIComponent(eprint.uri)}`)
      const { value } = await getRecord(eprint.uri)
      expect(value.title).toBe(eprint.title)
      for (const field of ['abstract', 'document', 'licenseSlug', 'authors', 'submittedBy', 'createdAt']) {
        expect(value, field).toHaveProperty(field)
      }
      expect(value.submittedBy).toBe(didOf(eprint.uri))
      // The document is a real blob in the owner's repo.
      const blob = await fetch(
        `${sb.pdsUrl}/xrpc/com.atproto.sync.getBlob?did=${didOf(eprint.uri)}&cid=${value.document.ref.$link}`,
      )
      expect(blob.status).toBe(200)
      expect((await blob.text()).startsWith('%PDF-')).toBe(true)
    }
  })

  it('has sources citing eprints in every way REFERENCE lists, owned by reader and writers', () => {
    const hows = new Set(seed.sources.map((s) => `${s.sourceType}/${s.how}`))
    for (const want of [
      'bluesky.post/facet-link',
      'bluesky.embed/external-embed',
      'bluesky.embed/record-embed',
      'bluesky.embed/record-with-media',
      'whitewind.blog/markdown-link',
      'leaflet.list/link-facet',
      'cosmik.collection/card-url',
    ]) {
      expect(hows, want).toContain(want)
    }
    for (const type of ['bluesky.post', 'bluesky.embed', 'whitewind.blog', 'leaflet.list', 'cosmik.collection']) {
      const owners = new Set(seed.sources.filter((s) => s.sourceType === type).map((s) => s.owner))
      expect([...owners].sort(), type).toEqual(['reader', 'writer'])
    }
    expect(seed.decoys.length).toBeGreaterThan(0)
    expect(seed.blogUrl).toBe('https://reading-notes.example/')
  })

  it('page URLs follow each site’s pattern', () => {
    const handleOf = (did: string) => [seed.reader, ...seed.writers].find((a) => a.did === did)!.handle
    for (const s of [...seed.sources, ...seed.decoys, ...privateSources]) {
      const did = didOf(s.uri)
      const rkey = rkeyOf(s.uri)
      const expected = {
        'bluesky.post': `https://bsky.app/profile/${handleOf(did)}/post/${rkey}`,
        'bluesky.embed': `https://bsky.app/profile/${handleOf(did)}/post/${rkey}`,
        'whitewind.blog': `https://whtwnd.com/${handleOf(did)}/${rkey}`,
        'leaflet.list': `https://leaflet.pub/p/${did}/${rkey}`,
        'cosmik.collection': `https://semble.so/profile/${handleOf(did)}/collections/${rkey}`,
      }[s.sourceType]
      expect(s.pageUrl).toBe(expected)
      expect(s.owner).toBe(did === seed.reader.did ? 'reader' : 'writer')
    }
  })

  it('each source really cites what the manifest says, and decoys cite nothing', async () => {
    for (const s of seed.sources) {
      expect(await citedEprints(sb.pdsUrl, s.uri), `${s.how} ${s.uri}`).toEqual([...s.cites].sort())
      expect(s.cites.length).toBeGreaterThan(0)
    }
    const titles = seed.eprints.map((e) => e.title)
    for (const d of seed.decoys) {
      expect(d.cites).toEqual([])
      expect(await citedEprints(sb.pdsUrl, d.uri), `${d.how} ${d.uri}`).toEqual([])
      // …while still naming an eprint (title, or its page as plain text).
      const text = JSON.stringify((await getRecord(d.uri)).value)
      const cardText = d.sourceType === 'cosmik.collection'
        ? JSON.stringify(await listAll(d.uri.split('/')[2]!, 'network.cosmik.card'))
        : ''
      expect(
        titles.some((t) => text.includes(t) || cardText.includes(t)) || text.includes('chive.pub/eprints/'),
        d.uri,
      ).toBe(true)
    }
  })

  it('seeded records are valid against the project lexicons (where the project has them)', async () => {
    const root = fileURLToPath(new URL('../../../lexicons', import.meta.url))
    const docs: LexiconDoc[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(p)
        else if (entry.name.endsWith('.json')) docs.push(JSON.parse(fs.readFileSync(p, 'utf8')))
      }
    }
    walk(root)
    const lexicons = new Lexicons(docs)
    const uris = [
      seed.buds.deepBranch.root,
      seed.buds.deepBranch.leaf,
      ...seed.eprints.map((e) => e.uri),
      ...seed.sources.map((s) => s.uri),
      ...seed.decoys.map((s) => s.uri),
      ...privateSources.map((s) => s.uri),
    ]
    let checked = 0
    for (const uri of uris) {
      const { value } = await getRecord(uri)
      if (!lexicons.getDef(value.$type)) continue
      // JSON from getRecord carries blobs as {$type: 'blob', ref: {$link}}: convert like a PDS would.
      expect(() => lexicons.assertValidRecord(value.$type, jsonToLex(value)), uri).not.toThrow()
      checked++
    }
    expect(checked).toBeGreaterThan(0)
  })
})

describe('private sources (really link an eprint, visible to their author only)', () => {
  it('are the reader’s author-only WhiteWind entries that really cite what the manifest says', async () => {
    expect(seed.privateSources?.length).toBeGreaterThan(0)
    for (const p of privateSources) {
      expect(p).toMatchObject({ sourceType: 'whitewind.blog', owner: 'reader' })
      const { value } = await getRecord(p.uri)
      expect(value.$type).toBe('com.whtwnd.blog.entry')
      expect(value.visibility).toBe('author')
      expect(p.cites.length).toBeGreaterThan(0)
      expect(await citedEprints(sb.pdsUrl, p.uri), p.uri).toEqual([...p.cites].sort())
    }
  })

  it('are neither sources (to suggest) nor decoys (link nothing)', () => {
    const listed = new Set([...seed.sources, ...seed.decoys].map((s) => s.uri))
    for (const p of privateSources) expect(listed.has(p.uri), p.uri).toBe(false)
  })

  it('whtwnd.com answers 404 without the AT-URI, as WhiteWind hides author-only entries; a public entry shows', async () => {
    const shown = seed.sources.find((s) => s.sourceType === 'whitewind.blog' && s.owner === 'reader')!
    const open = await fetchSitePage(shown.pageUrl)
    expect(open.status).toBe(200)
    expect(open.body).toContain(shown.uri)
    for (const p of privateSources) {
      const hidden = await fetchSitePage(p.pageUrl)
      expect(hidden.status, p.pageUrl).toBe(404)
      expect(hidden.body).not.toContain(p.uri)
      expect(hidden.body).not.toContain('chive.pub/eprints/')
    }
  })
})

describe('busy eprint (Chive already holds more backlinks than one list page)', () => {
  const busy = seed.busyEprint!
  const liveRows = async () =>
    (await control<{ backlinks: { sourceUri: string; sourceType: string; targetUri: string; indexedAt: string; deleted: boolean }[] }>('GET', '/chive/backlinks'))
      .backlinks.filter((b) => b.targetUri === busy.uri && !b.deleted)

  it('is a seeded eprint that no seeded source (nor private source) cites, with more than 100 backlinks', () => {
    expect(busy).toBeDefined()
    expect(seed.eprints.map((e) => e.uri)).toContain(busy.uri)
    for (const s of [...seed.sources, ...privateSources]) expect(s.cites, s.uri).not.toContain(busy.uri)
    expect(busy.backlinks).toBeGreaterThan(100)
  })

  it('Chive holds them from the start, none of them a seeded record or by a seeded account', async () => {
    const rows = await liveRows()
    expect(rows).toHaveLength(busy.backlinks)
    const seededUris = new Set([...seed.sources, ...seed.decoys, ...privateSources].map((s) => s.uri))
    const seededDids = new Set([seed.reader, ...seed.writers].map((a) => a.did))
    for (const row of rows) {
      expect(row.sourceUri).toMatch(/^at:\/\/did:plc:[a-z2-7]{24}\/[a-z.]+\/[a-z2-7]{13}$/)
      expect(seededUris.has(row.sourceUri), row.sourceUri).toBe(false)
      expect(seededDids.has(didOf(row.sourceUri)), row.sourceUri).toBe(false)
    }
    expect(new Set(rows.map((r) => r.sourceUri)).size).toBe(rows.length)
  })

  it('look like what Chive’s indexer finds: mostly Semble cards, documents and other, indexed over time', async () => {
    const rows = await liveRows()
    const indexerTypes = rows.filter((r) => ['cosmik.collection', 'leaflet.list', 'other'].includes(r.sourceType))
    expect(indexerTypes.length).toBeGreaterThan(rows.length / 2)
    for (const r of rows.filter((r) => r.sourceType === 'cosmik.collection')) expect(r.sourceUri).toContain('/network.cosmik.card/')
    const created = Date.parse((await getRecord(busy.uri)).value.createdAt)
    const times = rows.map((r) => Date.parse(r.indexedAt))
    for (const t of times) {
      expect(t).toBeGreaterThan(created)
      expect(t).toBeLessThanOrEqual(Date.now())
    }
    // Spread over weeks, not written in one burst at start.
    expect(new Set(times.map((t) => Math.floor(t / 86_400_000))).size).toBeGreaterThan(10)
  })

  it('the chive.pub page counts all of them, not one page', async () => {
    const page = await fetchSitePage(seed.eprints.find((e) => e.uri === busy.uri)!.pageUrl)
    expect(page.status).toBe(200)
    expect(page.body).toContain(`Backlinks (${busy.backlinks})`)
  })
})
