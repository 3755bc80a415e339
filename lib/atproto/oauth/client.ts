import { OAuthClient, type OAuthClientMetadataInput, type RuntimeLock, type SessionGetterOptions } from '@atproto/oauth-client'
import type { Endpoints } from '../../config/endpoints'
import type { TendrilDb } from '../../storage/db'
import type { EntryStore } from '../../storage/entry-store'
import { createHandleResolverChain } from './handle-resolver'
import type { KeyCodec } from './key-codec'
import {
  createCache,
  DPOP_NONCE_CACHE_MAX,
  DPOP_NONCE_TTL_MS,
  createSessionStore,
  createStateStore,
  IDENTITY_CACHE_MAX,
  IDENTITY_TTL_MS,
  METADATA_CACHE_MAX,
  METADATA_TTL_MS,
  watchRequests,
  type WatchedRequests,
} from './stores'

/** The OAuth client's stores, created once so the worker can also sweep them and cancel requests. */
export interface OAuthStores {
  requests: WatchedRequests
  sessions: ReturnType<typeof createSessionStore>
  // The library types each cache's values itself; these stores keep whatever it gives them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  caches: Record<'asMetadata' | 'prMetadata' | 'did' | 'handle' | 'dpopNonce', EntryStore<any>>
  /** Every store whose entries expire, for the periodic sweep. */
  expiring: Array<Pick<EntryStore<unknown>, 'sweep'>>
}

export function createOAuthStores(db: Promise<TendrilDb>, keyCodec: KeyCodec, now?: () => number): OAuthStores {
  const clock = { now }
  const requests = watchRequests(createStateStore(db, keyCodec, clock))
  const caches = {
    asMetadata: createCache(db, 'as-metadata', METADATA_TTL_MS, METADATA_CACHE_MAX, clock),
    prMetadata: createCache(db, 'pr-metadata', METADATA_TTL_MS, METADATA_CACHE_MAX, clock),
    did: createCache(db, 'did', IDENTITY_TTL_MS, IDENTITY_CACHE_MAX, clock),
    handle: createCache(db, 'handle', IDENTITY_TTL_MS, IDENTITY_CACHE_MAX, clock),
    dpopNonce: createCache<string>(db, 'dpop-nonce', DPOP_NONCE_TTL_MS, DPOP_NONCE_CACHE_MAX, clock),
  }
  return {
    requests,
    sessions: createSessionStore(db, keyCodec),
    caches,
    expiring: [requests.store, ...Object.values(caches)],
  }
}

export interface OAuthClientDeps extends SessionGetterOptions {
  stores: OAuthStores
  endpoints: Endpoints
  metadata: OAuthClientMetadataInput
  keyCodec: KeyCodec
  fetch?: typeof globalThis.fetch
  /** navigator.locks in the worker; injected so Node tests can run without it. */
  requestLock?: RuntimeLock
}

/**
 * @atproto/oauth-client's base OAuthClient, set up for an MV3 service worker (BrowserOAuthClient
 * needs a window: bluesky-social/atproto#3093). The library keeps its own single DPoP-nonce retry;
 * nothing here adds another.
 */
export function createOAuthClient(deps: OAuthClientDeps): OAuthClient {
  const { stores, endpoints, keyCodec } = deps
  const fetch = deps.fetch ?? ((...args: Parameters<typeof globalThis.fetch>) => globalThis.fetch(...args))
  return new OAuthClient({
    responseMode: 'query',
    clientMetadata: deps.metadata,
    allowHttp: endpoints.allowHttp,
    fetch,
    plcDirectoryUrl: endpoints.plcDirectoryUrl,
    handleResolver: createHandleResolverChain(endpoints, fetch),
    stateStore: stores.requests.store,
    sessionStore: stores.sessions,
    authorizationServerMetadataCache: stores.caches.asMetadata,
    protectedResourceMetadataCache: stores.caches.prMetadata,
    didCache: stores.caches.did,
    handleCache: stores.caches.handle,
    dpopNonceCache: stores.caches.dpopNonce,
    runtimeImplementation: {
      createKey: (algs) => keyCodec.generate(algs),
      getRandomValues: (length) => crypto.getRandomValues(new Uint8Array(length)),
      digest: async (data, { name }) =>
        new Uint8Array(await crypto.subtle.digest(name.replace('sha', 'SHA-'), data)),
      requestLock: deps.requestLock,
    },
    onSessionUpdated: deps.onSessionUpdated,
    onSessionDeleted: deps.onSessionDeleted,
  })
}

/** navigator.locks where the platform has it (service workers do), so refreshes never overlap
 * across the worker and any other context holding the same database. */
export function webLocks(): RuntimeLock | undefined {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  if (!locks) return undefined
  return <T>(name: string, fn: () => T | PromiseLike<T>) => locks.request(name, async () => await fn()) as Promise<T>
}
