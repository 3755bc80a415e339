import 'fake-indexeddb/auto'
import { JoseKey } from '@atproto/jwk-jose'
import { WebcryptoKey } from '@atproto/jwk-webcrypto'
import type { Key } from '@atproto/oauth-client'
import { describe, expect, it } from 'vitest'
import { openTendrilDb } from '../../../../lib/storage/db'
import { webcryptoKeyCodec, type KeyCodec } from '../../../../lib/atproto/oauth/key-codec'
import { createOAuthStores } from '../../../../lib/atproto/oauth/client'
import { createSessionStore, createStateStore, DPOP_NONCE_CACHE_MAX, DPOP_NONCE_TTL_MS, IDENTITY_CACHE_MAX } from '../../../../lib/atproto/oauth/stores'

let n = 0
const freshDb = () => openTendrilDb(`oauth-stores-test-${n++}`)

/** Node cannot run WebcryptoKey.generate (REFERENCE); tests that only need any key use JWKs. */
const jwkCodec: KeyCodec = {
  generate: (algs) => JoseKey.generate(algs),
  encode: (key) => (key as JoseKey).privateJwk,
  decode: (stored) => JoseKey.fromJWK(stored as never),
}

const tokenSet = {
  iss: 'http://localhost:2583',
  sub: 'did:plc:reader' as const,
  aud: 'http://localhost:2583',
  scope: 'atproto' as never,
  access_token: 'at',
  token_type: 'DPoP' as const,
  expires_at: '2026-11-23T13:00:00.000Z',
}

describe('OAuth session store', () => {
  it('round-trips a session with its DPoP key', async () => {
    const store = createSessionStore(freshDb(), jwkCodec)
    const dpopKey = await jwkCodec.generate(['ES256'])
    await store.set('did:plc:reader', { dpopKey, authMethod: { method: 'none' }, tokenSet })
    const back = await store.get('did:plc:reader')
    expect(back?.tokenSet).toEqual(tokenSet)
    expect(back?.dpopKey.publicJwk).toEqual(dpopKey.publicJwk)
    await store.del('did:plc:reader')
    expect(await store.get('did:plc:reader')).toBeUndefined()
  })

})

describe('OAuth state store (authorization requests in flight)', () => {
  it('keeps an authorization request for ten minutes: still there at 9:59, gone (and deleted) at 10:00', async () => {
    const start = Date.parse('2026-11-23T12:00:00Z')
    let now = start
    const db = freshDb()
    const store = createStateStore(db, jwkCodec, { now: () => now })
    const dpopKey = await jwkCodec.generate(['ES256'])
    await store.set('state-1', { iss: 'http://localhost:2583', dpopKey, authMethod: { method: 'none' }, verifier: 'v' })

    now = start + 9 * 60_000 + 59_000
    const kept = await store.get('state-1')
    expect(kept?.verifier).toBe('v')
    expect(kept?.dpopKey.publicJwk).toEqual(dpopKey.publicJwk)

    now = start + 10 * 60_000
    expect(await store.get('state-1')).toBeUndefined()
    // Removed from IndexedDB, not merely hidden: an expired request's DPoP key does not linger.
    expect(await (await db).get('oauth-state', 'state-1')).toBeUndefined()
  })
})

describe('webcryptoKeyCodec', () => {
  // The key here is made by the test; that the extension's own keys are generated non-extractable
  // is checked on what the running extension stored (tests/e2e/dpop-key-storage.test.ts).
  it('stores the CryptoKey pair itself (no key material as data) and rebuilds a working key', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair
    const key: Key = await WebcryptoKey.fromKeypair(pair, 'k1')
    const stored = webcryptoKeyCodec.encode(key) as { kind: string; keyPair: CryptoKeyPair; kid: string }
    expect(stored.kind).toBe('webcrypto')
    expect(stored.keyPair.privateKey.extractable).toBe(false)
    expect(JSON.stringify(stored)).not.toContain('"d"')
    await expect(crypto.subtle.exportKey('jwk', stored.keyPair.privateKey)).rejects.toThrow()

    const db = freshDb()
    const sessions = createSessionStore(db, webcryptoKeyCodec)
    await sessions.set('did:plc:reader', { dpopKey: key, authMethod: { method: 'none' }, tokenSet })
    const back = await sessions.get('did:plc:reader')
    const jwt = await back!.dpopKey.createJwt({ alg: 'ES256', typ: 'dpop+jwt', jwk: back!.dpopKey.bareJwk }, { iat: 1, jti: 'x', htm: 'GET', htu: 'http://x' } as never)
    expect(jwt.split('.')).toHaveLength(3)
  })

  it('refuses to store a key that is not a WebCrypto key pair', () => {
    expect(() => webcryptoKeyCodec.encode({} as Key)).toThrow(/WebCrypto/)
  })
})

describe('authorization requests and identity caches (as the worker creates them)', () => {
  it('an authorization request expires after ten minutes (moving the clock)', async () => {
    let now = Date.parse('2026-11-23T12:00:00Z')
    const stores = createOAuthStores(freshDb(), jwkCodec, () => now)
    const dpopKey = await JoseKey.generate(['ES256'])
    await stores.requests.store.set('state-1', { iss: 'http://localhost:2583', authMethod: { method: 'none' } as const, dpopKey, verifier: 'v', appState: 'sign-in-1' })
    now += 10 * 60_000 - 1
    expect(await stores.requests.store.get('state-1')).toMatchObject({ appState: 'sign-in-1' })
    now += 1
    expect(await stores.requests.store.get('state-1')).toBeUndefined()
  })

  it('an abandoned request (never read again) is removed by the sweep once ten minutes have passed', async () => {
    let now = 0
    const db = freshDb()
    const stores = createOAuthStores(db, jwkCodec, () => now)
    await stores.requests.store.set('abandoned', { iss: 'http://localhost:2583', authMethod: { method: 'none' } as const, dpopKey: await JoseKey.generate(['ES256']), verifier: 'v' })
    now = 10 * 60_000 - 1
    for (const store of stores.expiring) await store.sweep()
    expect(await (await db).count('oauth-state')).toBe(1)
    now = 10 * 60_000
    for (const store of stores.expiring) await store.sweep()
    expect(await (await db).count('oauth-state')).toBe(0)
  })

  it('tells which request belongs to which sign-in, from the appState authorize() stores', async () => {
    const stores = createOAuthStores(freshDb(), jwkCodec)
    await stores.requests.store.set('random-state', { iss: 'http://localhost:2583', authMethod: { method: 'none' } as const, dpopKey: await JoseKey.generate(['ES256']), verifier: 'v', appState: 'sign-in-7' })
    expect(stores.requests.take('sign-in-7')).toBe('random-state')
    expect(stores.requests.take('sign-in-7')).toBeUndefined()
    await stores.requests.del('random-state')
    expect(await stores.requests.store.get('random-state')).toBeUndefined()
  })

  it.each(['did', 'handle'] as const)('the %s cache holds at most IDENTITY_CACHE_MAX entries, oldest out', async (name) => {
    let now = 0
    const db = freshDb()
    const stores = createOAuthStores(db, jwkCodec, () => now)
    for (let i = 0; i < IDENTITY_CACHE_MAX + 20; i++) {
      now = i
      await stores.caches[name].set(`k${i}`, `v${i}`)
    }
    const keys = await stores.caches[name].keys()
    expect(keys).toHaveLength(IDENTITY_CACHE_MAX)
    expect(keys).not.toContain('k19')
    expect(keys).toContain('k20')
    expect(keys).toContain(`k${IDENTITY_CACHE_MAX + 19}`)
  })

  it('a DPoP nonce outlives the worker: stores opened anew on the same database (a woken worker) read it back', async () => {
    const db = freshDb()
    await createOAuthStores(db, jwkCodec).caches.dpopNonce.set('http://localhost:2583', 'nonce-1')
    expect(await createOAuthStores(db, jwkCodec).caches.dpopNonce.get('http://localhost:2583')).toBe('nonce-1')
  })

  it('a DPoP nonce is forgotten after DPOP_NONCE_TTL_MS and the sweep removes it; at most DPOP_NONCE_CACHE_MAX origins are kept', async () => {
    let now = 0
    const db = freshDb()
    const stores = createOAuthStores(db, jwkCodec, () => now)
    for (let i = 0; i < DPOP_NONCE_CACHE_MAX + 5; i++) await stores.caches.dpopNonce.set(`https://pds${i}.example`, `n${i}`)
    expect(await stores.caches.dpopNonce.keys()).toHaveLength(DPOP_NONCE_CACHE_MAX)
    now = DPOP_NONCE_TTL_MS
    expect(await stores.caches.dpopNonce.get(`https://pds${DPOP_NONCE_CACHE_MAX}.example`)).toBeUndefined()
    for (const store of stores.expiring) await store.sweep()
    expect(await stores.caches.dpopNonce.keys()).toHaveLength(0)
  })
})
