import { OAuthClient, type OAuthClientMetadataInput, type RuntimeLock, type SessionGetterOptions } from '@atproto/oauth-client'
import type { Endpoints } from '../../config/endpoints'
import type { TendrilDb } from '../../cache/db'
import { createHandleResolverChain } from './handle-resolver'
import type { KeyCodec } from './key-codec'
import { createCache, createSessionStore, createStateStore, IDENTITY_TTL_MS, METADATA_TTL_MS } from './stores'

export interface OAuthClientDeps extends SessionGetterOptions {
  db: Promise<TendrilDb>
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
  const { db, endpoints, keyCodec } = deps
  const fetch = deps.fetch ?? ((...args: Parameters<typeof globalThis.fetch>) => globalThis.fetch(...args))
  return new OAuthClient({
    responseMode: 'query',
    clientMetadata: deps.metadata,
    allowHttp: endpoints.allowHttp,
    fetch,
    plcDirectoryUrl: endpoints.plcDirectoryUrl,
    handleResolver: createHandleResolverChain(endpoints, fetch),
    stateStore: createStateStore(db, keyCodec),
    sessionStore: createSessionStore(db, keyCodec),
    authorizationServerMetadataCache: createCache(db, 'as-metadata', METADATA_TTL_MS),
    protectedResourceMetadataCache: createCache(db, 'pr-metadata', METADATA_TTL_MS),
    didCache: createCache(db, 'did', IDENTITY_TTL_MS),
    handleCache: createCache(db, 'handle', IDENTITY_TTL_MS),
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
