import type { InternalStateData, Session, SessionStore, StateStore } from '@atproto/oauth-client'
import { createEntryStore, type EntryStore } from '../../storage/entry-store'
import type { TendrilDb } from '../../storage/db'
import type { KeyCodec } from './key-codec'

// The OAuth client's persistent state, all in the worker's IndexedDB:
// - authorization requests in flight (10 minutes is longer than any real sign-in);
// - sessions per account, with their DPoP key pairs (never expire here: the PDS decides);
// - server metadata and identity caches, persisted so a woken worker restores a session without a
//   single network call while its token is valid. Identity caches are bounded: a page can make the
//   worker look up as many handles as it can put in bud URLs;
// - the last DPoP nonce each server sent (by origin), so the first signed request after the worker
//   was stopped carries a nonce the server still accepts instead of paying a `use_dpop_nonce` round
//   trip. The library keeps them in memory only, which a stopped worker loses every 30 s.

export const STATE_TTL_MS = 10 * 60_000
/** Authorization-server / protected-resource metadata rarely change; refetched twice a day. */
export const METADATA_TTL_MS = 12 * 60 * 60_000
/** DID documents and handles: an hour, as atproto's own resolvers cache them. */
export const IDENTITY_TTL_MS = 60 * 60_000
/** Per identity cache (DIDs, handles): enough for every author a reader meets in a sitting. */
export const IDENTITY_CACHE_MAX = 300
/** Servers: a reader's accounts and the few services Tendril talks to. */
export const METADATA_CACHE_MAX = 50
/** A DPoP nonce is only worth sending while the server still accepts it: the reference PDS rotates
 * every minute and accepts the previous and next (up to 3 minutes). An older one costs exactly what
 * none costs (the server answers with a fresh one), so the TTL only bounds what is kept. */
export const DPOP_NONCE_TTL_MS = 10 * 60_000
/** Origins: a reader's PDSes and authorization servers. */
export const DPOP_NONCE_CACHE_MAX = 50

type WithKey = { dpopKey: Session['dpopKey'] }
type Clock = { now?: () => number }

function keyed<T extends WithKey>(codec: KeyCodec) {
  return {
    encode: (value: T) => ({ ...value, dpopKey: codec.encode(value.dpopKey) }),
    decode: async (stored: unknown) => {
      const value = stored as T & { dpopKey: unknown }
      return { ...value, dpopKey: await codec.decode(value.dpopKey) } as T
    },
  }
}

export type RequestStore = StateStore & EntryStore<InternalStateData>

export function createStateStore(db: Promise<TendrilDb>, codec: KeyCodec, clock: Clock = {}): RequestStore {
  return createEntryStore<InternalStateData>(db, 'oauth-state', { ttlMs: STATE_TTL_MS, ...clock, ...keyed<InternalStateData>(codec) })
}

export function createSessionStore(db: Promise<TendrilDb>, codec: KeyCodec): SessionStore & EntryStore<Session> {
  return createEntryStore<Session>(db, 'oauth-session', keyed<Session>(codec))
}

/** A persistent cache in the shared `oauth-cache` object store. */
export function createCache<V>(db: Promise<TendrilDb>, name: string, ttlMs: number, maxEntries: number, clock: Clock = {}): EntryStore<V> {
  return createEntryStore<V>(db, 'oauth-cache', { prefix: `${name}:`, ttlMs, maxEntries, ...clock })
}

/**
 * Which stored authorization request belongs to which Tendril sign-in. The library stores each
 * request under a random `state` it never returns (with PAR it is not even in the URL), together
 * with the `appState` Tendril passed to authorize(): the sign-in's own id. Watching the store's
 * writes gives the sign-in its `state`, so only a redirect carrying it can finish that sign-in, and
 * cancelling can delete the request and its DPoP key.
 */
export function watchRequests(store: RequestStore) {
  const keys = new Map<string, string>()
  const watched: RequestStore = {
    ...store,
    async set(key, value) {
      await store.set(key, value)
      if (typeof value.appState === 'string') keys.set(value.appState, key)
    },
  }
  return {
    store: watched,
    /** The request key stored for sign-in `id` (once: the entry is forgotten here). */
    take(id: string): string | undefined {
      const key = keys.get(id)
      keys.delete(id)
      return key
    },
    del: async (key: string) => store.del(key),
  }
}

export type WatchedRequests = ReturnType<typeof watchRequests>
