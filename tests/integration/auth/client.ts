// The product's OAuth client in Node, against the sandbox: createOAuthClient (lib/atproto/oauth/
// client.ts) over its real IndexedDB stores (fake-indexeddb here, a fresh database per client unless
// a test reopens one, as a woken worker does), the loopback client metadata, the sandbox build's
// endpoints and a JWK key codec (Node cannot run WebcryptoKey.generate). Every network call goes
// through a fetch that records it, so a test can show that something happened without network.
import 'fake-indexeddb/auto'
import { JoseKey } from '@atproto/jwk-jose'
import type { Key, OAuthClient, OAuthSession, Session } from '@atproto/oauth-client'
import { createOAuthClient, createOAuthStores, webLocks, type OAuthStores } from '../../../lib/atproto/oauth/client.ts'
import { LOOPBACK_REDIRECT_URI, loopbackClientMetadata } from '../../../lib/atproto/oauth/client-metadata.ts'
import type { KeyCodec } from '../../../lib/atproto/oauth/key-codec.ts'
import { openTendrilDb, type StoredEntry, type TendrilDb } from '../../../lib/storage/db.ts'
import type { Endpoints } from '../../../lib/config/endpoints.ts'
import { sandboxEndpoints } from '../../sandbox/endpoints.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { driveSignIn } from './drive-sign-in.ts'

/** DPoP keys as private JWKs: what a test can do in Node; the extension keeps CryptoKeys instead. */
export const jwkKeyCodec: KeyCodec = {
  generate: (algs) => JoseKey.generate(algs),
  encode(key: Key) {
    if (!key.privateJwk) throw new TypeError('expected a private DPoP key')
    return { kind: 'jwk', jwk: key.privateJwk }
  },
  async decode(stored) {
    const value = stored as { kind?: string; jwk?: Record<string, unknown> }
    if (value?.kind !== 'jwk' || !value.jwk) throw new TypeError('stored DPoP key is not a JWK')
    return JoseKey.fromJWK(value.jwk)
  },
}

export interface NetCall {
  method: string
  url: string
  /** Scheme of the Authorization header (`DPoP`, `Bearer`), if any. */
  auth?: string
  /** Whether a DPoP proof was attached. */
  dpop: boolean
  at: number
}

/** A fetch that records every call (method, URL without query, auth scheme) before passing it on. */
export function countingFetch() {
  const calls: NetCall[] = []
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = input instanceof Request ? input : undefined
    const url = new URL(request ? request.url : String(input))
    const headers = new Headers(init?.headers ?? request?.headers)
    calls.push({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url: url.origin + url.pathname,
      auth: headers.get('authorization')?.split(' ')[0],
      dpop: headers.has('dpop'),
      at: performance.now(),
    })
    return globalThis.fetch(input, init)
  }
  return {
    fetch,
    calls,
    /** How many calls went to each URL (origin + path). */
    perUrl: () => calls.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.url]: (acc[c.url] ?? 0) + 1 }), {}),
    /** Calls whose URL (origin + path) ends with `suffix`, or all of them. */
    count: (suffix = '') => calls.filter((c) => c.url.endsWith(suffix)).length,
    reset: () => void calls.splice(0),
  }
}
export type CountingFetch = ReturnType<typeof countingFetch>

/** The sandbox build's endpoints, for the ports the running sandbox really listens on. */
export function testEndpoints(): Endpoints {
  const sb = useSandbox()
  const port = (url: string) => Number(new URL(url).port)
  const endpoints = sandboxEndpoints({
    plc: port(sb.plcUrl),
    pds: port(sb.pdsUrl),
    branchline: port(sb.branchlineUrl),
    chive: port(sb.chiveUrl),
    web: sb.web.port,
    control: port(sb.controlUrl),
  })
  if (endpoints.handleResolverUrl !== sb.pdsUrl || endpoints.plcDirectoryUrl !== sb.plcUrl) {
    throw new Error(`sandbox endpoints disagree with the running sandbox: ${JSON.stringify(endpoints)} vs ${sb.pdsUrl} ${sb.plcUrl}`)
  }
  return endpoints
}

export interface TestClient {
  client: OAuthClient
  /** The client's stores, as the worker creates them (the session service needs `requests`). */
  stores: OAuthStores
  dbName: string
  db: Promise<TendrilDb>
  net: CountingFetch
  /** The decoded session of `did` as the client stored it (token set, DPoP key). */
  storedSession(did: string): Promise<Session | undefined>
  /** The raw IndexedDB row of `did`'s session (what a copy of the profile would hold). */
  readSessionRow(did: string): Promise<StoredEntry<unknown> | undefined>
  writeSessionRow(did: string, row: StoredEntry<unknown>): Promise<void>
  deleteSessionRow(did: string): Promise<void>
}

const open: TestClient[] = []
let dbCounter = 0

/** A fresh database name, unique within this test process. */
export const freshDbName = () => `tendril-test-${process.pid}-${++dbCounter}-${Date.now()}`

export function createTestClient(
  options: { dbName?: string; onSessionDeleted?: (did: string, cause: unknown) => void } = {},
): TestClient {
  const dbName = options.dbName ?? freshDbName()
  const db = openTendrilDb(dbName)
  const net = countingFetch()
  const stores = createOAuthStores(db, jwkKeyCodec)
  const client = createOAuthClient({
    stores,
    endpoints: testEndpoints(),
    metadata: loopbackClientMetadata(),
    keyCodec: jwkKeyCodec,
    fetch: net.fetch,
    requestLock: webLocks(), // undefined in Node: the library's in-process lock, shared by all clients
    onSessionDeleted: options.onSessionDeleted,
  })
  const sessions = stores.sessions
  const testClient: TestClient = {
    client,
    stores,
    dbName,
    db,
    net,
    storedSession: async (did) => sessions.get(did),
    readSessionRow: async (did) => (await db).get('oauth-session', did) as Promise<StoredEntry<unknown> | undefined>,
    writeSessionRow: async (did, row) => void (await (await db).put('oauth-session', row, did)),
    deleteSessionRow: async (did) => (await db).delete('oauth-session', did),
  }
  open.push(testClient)
  return testClient
}

/**
 * After each test: revoke every session the test's clients still hold (so no live OAuth token of
 * a sandbox account outlives the test: later tests, and the e2e project on the same sandbox, count
 * them), then close and delete the databases.
 */
export async function disposeTestClients(): Promise<void> {
  const clients = open.splice(0)
  for (const { client, db } of clients) {
    const dids = (await (await db).getAllKeys('oauth-session')) as string[]
    for (const did of dids) await client.revoke(did as `did:${string}:${string}`).catch(() => undefined)
  }
  for (const { db } of clients) (await db).close()
  for (const name of new Set(clients.map((c) => c.dbName))) {
    await new Promise<void>((resolve) => {
      const req = indexedDB.deleteDatabase(name)
      req.onsuccess = req.onerror = req.onblocked = () => resolve()
    })
  }
}

/** Signs `account` in with the bare client (no session service): authorize, the PDS's pages, callback. */
export async function signInWithClient(
  test: TestClient,
  account: { handle: string; password: string },
): Promise<OAuthSession> {
  const authorizeUrl = await test.client.authorize(account.handle, { redirect_uri: LOOPBACK_REDIRECT_URI })
  const redirect = await driveSignIn({ authorizeUrl, username: account.handle, password: account.password, consent: 'authorize' })
  const { session } = await test.client.callback(redirect.searchParams, { redirect_uri: LOOPBACK_REDIRECT_URI })
  return session
}
