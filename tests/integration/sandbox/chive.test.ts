// The Chive stand-in: service-auth exactly as Chive checks it, lexicon-validated input, one backlink
// per sourceUri. Every test uses fresh source/target URIs, so tests sharing the sandbox never collide.
//
// Expiry is tested with a real token: minted by the reader's PDS with `exp` two seconds ahead, shown
// to work, then refused once that moment has passed. No test clock: Chive's verifier (xrpc-server's
// verifyJwt) reads the real clock, and so does ours — a movable clock would test a code path the
// real service does not have.
import { Secp256k1Keypair } from '@atproto/crypto'
import { createServiceJwt } from '@atproto/xrpc-server'
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { freshUri, login, raw, serviceToken, type Session } from './helpers.ts'

const sb = useSandbox()
const LXM = 'pub.chive.backlink.create'

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const create = (body: object | string | undefined, headers: Record<string, string> = {}) =>
  raw(sb.chiveUrl, 'pub.chive.backlink.create', { method: 'POST', body, headers })
const list = (params: Record<string, string | number>) => raw(sb.chiveUrl, 'pub.chive.backlink.list', { params })
const counts = (targetUri: string) => raw(sb.chiveUrl, 'pub.chive.backlink.getCounts', { params: { targetUri } })

let readerSession: Session | undefined
const reader = async () => (readerSession ??= await login(sb.seed.reader.handle))
const freshSource = (collection = 'app.bsky.feed.post') => freshUri(sb.seed.reader.did, collection)
const freshTarget = () => freshUri(sb.seed.writers[0]!.did, 'pub.chive.eprint.submission')

async function lastAuthFailure(): Promise<string> {
  const { failures } = await control<{ failures: { reason: string }[] }>('GET', '/chive/auth-failures')
  return failures.at(-1)?.reason ?? ''
}

describe('create with a service token from the caller’s PDS', () => {
  it('stores the backlink; list and getCounts show it without auth', async () => {
    const token = await serviceToken(await reader())
    const sourceUri = freshSource()
    const targetUri = freshTarget()
    const res = await create({ sourceUri, sourceType: 'bluesky.post', targetUri, context: 'shared it' }, bearer(token))
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ sourceUri, sourceType: 'bluesky.post', targetUri, context: 'shared it', deleted: false })
    expect(Number.isInteger(res.body.id)).toBe(true)
    expect(Date.parse(res.body.indexedAt)).not.toBeNaN()

    const listed = await list({ targetUri })
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual({ backlinks: [res.body], hasMore: false })
    const counted = await counts(targetUri)
    expect(counted.body).toEqual({
      cosmikCollections: 0, leafletLists: 0, whitewindBlogs: 0, blueskyPosts: 1, blueskyEmbeds: 0, other: 0, total: 1,
    })
  })

  it('does not check `lxm`, as Chive: a token minted for another method works', async () => {
    const token = await serviceToken(await reader(), { lxm: 'pub.chive.backlink.delete' })
    const res = await create({ sourceUri: freshSource(), sourceType: 'other', targetUri: freshTarget() }, bearer(token))
    expect(res.status).toBe(200)
  })

  it('keeps one backlink per sourceUri: a second create overwrites the first', async () => {
    const token = await serviceToken(await reader())
    const sourceUri = freshSource('com.whtwnd.blog.entry')
    const [t1, t2] = [freshTarget(), freshTarget()]
    const first = await create({ sourceUri, sourceType: 'whitewind.blog', targetUri: t1 }, bearer(token))
    const second = await create({ sourceUri, sourceType: 'whitewind.blog', targetUri: t2 }, bearer(token))
    expect(second.status).toBe(200)
    expect(second.body.id).toBe(first.body.id)
    expect((await list({ targetUri: t1 })).body.backlinks).toEqual([])
    expect((await list({ targetUri: t2 })).body.backlinks.map((b: any) => b.sourceUri)).toEqual([sourceUri])
    expect((await counts(t1)).body.total).toBe(0)
    const { backlinks } = await control<{ backlinks: any[] }>('GET', '/chive/backlinks')
    expect(backlinks.filter((b) => b.sourceUri === sourceUri)).toHaveLength(1)
  })

  it('delete marks the backlink deleted; list and counts drop it', async () => {
    const session = await reader()
    const sourceUri = freshSource('pub.leaflet.document')
    const targetUri = freshTarget()
    expect((await create({ sourceUri, sourceType: 'leaflet.list', targetUri }, bearer(await serviceToken(session)))).status).toBe(200)
    expect((await counts(targetUri)).body.leafletLists).toBe(1)

    const del = await raw(sb.chiveUrl, 'pub.chive.backlink.delete', {
      body: { sourceUri },
      headers: bearer(await serviceToken(session, { lxm: 'pub.chive.backlink.delete' })),
    })
    expect(del).toMatchObject({ status: 200, body: { success: true } })
    expect((await list({ targetUri })).body.backlinks).toEqual([])
    expect((await counts(targetUri)).body.total).toBe(0)
    const { backlinks } = await control<{ backlinks: any[] }>('GET', '/chive/backlinks')
    expect(backlinks.find((b) => b.sourceUri === sourceUri)).toMatchObject({ deleted: true })

    const unauthenticated = await raw(sb.chiveUrl, 'pub.chive.backlink.delete', { body: { sourceUri } })
    expect(unauthenticated.status).toBe(401)
  })

  it('pages list results with a cursor and filters by sourceType', async () => {
    const token = await serviceToken(await reader())
    const targetUri = freshTarget()
    const types = ['bluesky.post', 'bluesky.embed', 'cosmik.collection']
    for (const sourceType of types) {
      expect((await create({ sourceUri: freshSource(), sourceType, targetUri }, bearer(token))).status).toBe(200)
    }
    const page1 = await list({ targetUri, limit: 2 })
    expect(page1.body.backlinks).toHaveLength(2)
    expect(page1.body.hasMore).toBe(true)
    const page2 = await list({ targetUri, limit: 2, cursor: page1.body.cursor })
    expect(page2.body).toMatchObject({ hasMore: false })
    expect(page2.body.cursor).toBeUndefined()
    expect([...page1.body.backlinks, ...page2.body.backlinks].map((b: any) => b.sourceType)).toEqual(types)
    expect((await list({ targetUri, sourceType: 'bluesky.embed' })).body.backlinks).toHaveLength(1)
    expect((await counts(targetUri)).body).toMatchObject({ blueskyPosts: 1, blueskyEmbeds: 1, cosmikCollections: 1, total: 3 })
  })
})

describe('the busy eprint (seeded with more backlinks than one list page)', () => {
  const busy = sb.seed.busyEprint!

  /** Every backlink by following cursors; the pages as Chive answered them. */
  async function allPages(params: Record<string, string | number>) {
    const pages: { backlinks: any[]; cursor?: string; hasMore: boolean }[] = []
    let cursor: string | undefined
    do {
      const res = await list({ targetUri: busy.uri, ...params, ...(cursor ? { cursor } : {}) })
      expect(res.status).toBe(200)
      pages.push(res.body)
      cursor = res.body.cursor
      expect(pages.length).toBeLessThan(20) // a cursor that never ends would loop forever
    } while (cursor)
    return pages
  }

  it.each([[{}], [{ limit: 100 }]] as const)('needs more than one page (%o): hasMore with a cursor, no item twice', async (params) => {
    const pages = await allPages(params)
    const limit = 'limit' in params ? params.limit : 50
    expect(pages.length).toBe(Math.ceil(busy.backlinks / limit))
    for (const page of pages.slice(0, -1)) {
      expect(page).toMatchObject({ hasMore: true, cursor: expect.any(String) })
      expect(page.backlinks).toHaveLength(limit)
    }
    expect(pages.at(-1)!.hasMore).toBe(false)
    expect(pages.at(-1)!.cursor).toBeUndefined()
    const items = pages.flatMap((p) => p.backlinks)
    expect(items).toHaveLength(busy.backlinks)
    expect(new Set(items.map((b) => b.id)).size).toBe(items.length)
    expect(new Set(items.map((b) => b.sourceUri)).size).toBe(items.length)
    for (const b of items) expect(b).toMatchObject({ targetUri: busy.uri, deleted: false })
  })

  it('getCounts totals match what the pages list, per type and in all', async () => {
    const items = (await allPages({ limit: 100 })).flatMap((p) => p.backlinks)
    const tally = (type: string) => items.filter((b) => b.sourceType === type).length
    const res = await counts(busy.uri)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      cosmikCollections: tally('cosmik.collection'),
      leafletLists: tally('leaflet.list'),
      whitewindBlogs: tally('whitewind.blog'),
      blueskyPosts: tally('bluesky.post'),
      blueskyEmbeds: tally('bluesky.embed'),
      other: tally('other'),
      total: items.length,
    })
    expect(res.body.total).toBe(busy.backlinks)
    // The commonest type alone also spans pages, and its filtered pages add up to its count.
    const cards = (await allPages({ sourceType: 'cosmik.collection' })).flatMap((p) => p.backlinks)
    expect(cards.length).toBe(res.body.cosmikCollections)
    expect(cards.length).toBeGreaterThan(50)
    expect(cards.every((b) => b.sourceType === 'cosmik.collection')).toBe(true)
  })
})

describe('authentication (401 AuthenticationRequired for anything but a valid service token)', () => {
  const validBody = () => ({ sourceUri: freshSource(), sourceType: 'bluesky.post', targetUri: freshTarget() })
  const expect401 = (res: { status: number; body: any }) => {
    expect(res.status).toBe(401)
    expect(res.body.error).toBe('AuthenticationRequired')
  }

  it('refuses a missing header', async () => {
    expect401(await create(validBody()))
  })

  it('refuses other schemes and the PDS session token itself', async () => {
    expect401(await create(validBody(), { authorization: `Basic ${Buffer.from('reader:pw').toString('base64')}` }))
    expect401(await create(validBody(), bearer((await reader()).accessJwt)))
  })

  it('refuses a wrong `aud`, including the proxy form with a #fragment', async () => {
    const session = await reader()
    expect401(await create(validBody(), bearer(await serviceToken(session, { aud: 'did:web:api.chive.pub' }))))
    expect(await lastAuthFailure()).toMatch(/audience/)
    expect401(await create(validBody(), bearer(await serviceToken(session, { aud: `${sb.chiveServiceDid}#chive_appview` }))))
    expect(await lastAuthFailure()).toMatch(/audience/)
  })

  it('refuses a token once it has expired (real PDS token, short exp)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2
    const token = await serviceToken(await reader(), { exp })
    expect((await create(validBody(), bearer(token))).status).toBe(200)
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 1100))
    expect401(await create(validBody(), bearer(token)))
    expect(await lastAuthFailure()).toMatch(/expired/)
  })

  it('refuses a token claiming the reader’s DID but signed by another key', async () => {
    const keypair = await Secp256k1Keypair.create()
    const forged = await createServiceJwt({ iss: sb.seed.reader.did, aud: sb.chiveServiceDid, lxm: LXM, keypair })
    expect401(await create(validBody(), bearer(forged)))
    expect(await lastAuthFailure()).toMatch(/signature/)
  })

  it('accepts a self-signed token whose issuer is a did:key, as Chive’s libraries do', async () => {
    // IdResolver.resolveAtprotoKey returns a did:key as its own key, so such a token verifies. It
    // authenticates only that did:key, never anyone's account — and Chive does not check that the
    // caller owns the source anyway (REFERENCE.md), so this is faithful, not a hole in the stand-in.
    const keypair = await Secp256k1Keypair.create()
    const selfIssued = await createServiceJwt({ iss: keypair.did(), aud: sb.chiveServiceDid, lxm: LXM, keypair })
    expect((await create(validBody(), bearer(selfIssued))).status).toBe(200)
  })

  it('checks auth before input, as Chive does', async () => {
    expect401(await create({ nonsense: true }))
  })

  it('answers list and getCounts without auth, and ignores a bad token there', async () => {
    const targetUri = freshTarget()
    expect((await list({ targetUri })).status).toBe(200)
    const withBadToken = await raw(sb.chiveUrl, 'pub.chive.backlink.getCounts', {
      params: { targetUri },
      headers: bearer('not.a.jwt'),
    })
    expect(withBadToken.status).toBe(200)
  })
})

describe('input validation (400 InvalidRequest)', () => {
  let token = ''
  const authed = async (body: object | string | undefined, headers: Record<string, string> = {}) => {
    token ||= await serviceToken(await reader())
    return create(body, { ...bearer(token), ...headers })
  }
  const expect400 = (res: { status: number; body: any }) => {
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('InvalidRequest')
    expect(typeof res.body.message).toBe('string')
  }

  it('rejects a missing required field', async () => {
    expect400(await authed({ sourceUri: freshSource(), targetUri: freshTarget() }))
  })

  it('rejects a source that is not an AT-URI, or is not DID-based', async () => {
    expect400(await authed({ sourceUri: 'https://bsky.app/profile/reader.test/post/3abc', sourceType: 'bluesky.post', targetUri: freshTarget() }))
    expect400(await authed({ sourceUri: 'at://reader.test/app.bsky.feed.post/3abc', sourceType: 'bluesky.post', targetUri: freshTarget() }))
  })

  it('rejects a context over 500 characters', async () => {
    expect400(await authed({ sourceUri: freshSource(), sourceType: 'other', targetUri: freshTarget(), context: 'x'.repeat(501) }))
  })

  it('rejects an empty body and malformed JSON', async () => {
    expect400(await authed(undefined))
    expect400(await authed('{"sourceUri":', { 'content-type': 'application/json' }))
  })

  it('validates list parameters', async () => {
    expect400(await list({ targetUri: freshTarget(), limit: 0 }))
    expect400(await list({ targetUri: freshTarget(), limit: 101 }))
    expect400(await raw(sb.chiveUrl, 'pub.chive.backlink.list'))
    expect400(await raw(sb.chiveUrl, 'pub.chive.backlink.getCounts'))
  })

  it('fails like Chive’s database on a sourceType outside its CHECK constraint (500)', async () => {
    const res = await authed({ sourceUri: freshSource(), sourceType: 'made.up', targetUri: freshTarget() })
    expect(res.status).toBe(500)
  })
})

describe('as Chive’s server answers around the methods', () => {
  afterEach(async () => {
    await control('POST', '/chive/limits/reset')
  })

  it('CORS admits only Chive’s own origins: a page elsewhere gets no Access-Control-Allow-Origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${sb.chiveUrl}/xrpc/pub.chive.backlink.create`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      })
    expect((await preflight('https://chive.pub')).headers.get('access-control-allow-origin')).toBe('https://chive.pub')
    expect((await preflight('https://bsky.app')).headers.get('access-control-allow-origin')).toBeNull()
    const answer = await fetch(`${sb.chiveUrl}/xrpc/pub.chive.backlink.getCounts?targetUri=${encodeURIComponent(freshTarget())}`, { headers: { origin: 'https://evil.example' } })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('counts requests per endpoint', async () => {
    await control('POST', '/chive/counters/reset')
    const targetUri = freshTarget()
    await list({ targetUri })
    await list({ targetUri })
    await counts(targetUri)
    const { counters } = await control<{ counters: Record<string, number> }>('GET', '/chive/counters')
    expect(counters).toMatchObject({ 'pub.chive.backlink.list': 2, 'pub.chive.backlink.getCounts': 1 })
  })

  it('answers 429 RateLimitExceeded with Retry-After over the per-minute limit (lowered here to 3 anonymous requests)', async () => {
    await control('POST', '/chive/limits?anonymous=3&windowMs=60000')
    const targetUri = freshTarget()
    for (let i = 0; i < 3; i++) expect((await list({ targetUri })).status).toBe(200)
    const over = await list({ targetUri })
    expect(over.status).toBe(429)
    expect(over.body.error).toBe('RateLimitExceeded')
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    // A signed-in caller has its own, larger window.
    const token = await serviceToken(await reader())
    expect((await create({ sourceUri: freshSource(), sourceType: 'bluesky.post', targetUri }, bearer(token))).status).toBe(200)
  })
})
