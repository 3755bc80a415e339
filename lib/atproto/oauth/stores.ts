import type { InternalStateData, Session, SessionStore, StateStore } from '@atproto/oauth-client'
import { createEntryStore, type EntryStore } from '../../cache/entry-store'
import type { TendrilDb } from '../../cache/db'
import type { KeyCodec } from './key-codec'

// The OAuth client's persistent state, all in the worker's IndexedDB:
// - authorization requests in flight (10 minutes is longer than any real sign-in);
// - sessions per account, with their DPoP key pairs (never expire here: the PDS decides);
// - server metadata and identity caches, persisted so a worker woken after Chrome stopped it can
//   restore a session without a single network call while its token is valid.

const STATE_TTL_MS = 10 * 60_000
/** Authorization-server / protected-resource metadata rarely change; refetched twice a day. */
export const METADATA_TTL_MS = 12 * 60 * 60_000
/** DID documents and handles: an hour, as atproto's own resolvers cache them. */
export const IDENTITY_TTL_MS = 60 * 60_000

type WithKey = { dpopKey: Session['dpopKey'] }

function keyed<T extends WithKey>(codec: KeyCodec) {
  return {
    encode: (value: T) => ({ ...value, dpopKey: codec.encode(value.dpopKey) }),
    decode: async (stored: unknown) => {
      const value = stored as T & { dpopKey: unknown }
      return { ...value, dpopKey: await codec.decode(value.dpopKey) } as T
    },
  }
}

/** `now` is injected only by tests that move the clock. */
export function createStateStore(
  db: Promise<TendrilDb>,
  codec: KeyCodec,
  options: { now?: () => number } = {},
): StateStore & EntryStore<InternalStateData> {
  return createEntryStore<InternalStateData>(db, 'oauth-state', { ttlMs: STATE_TTL_MS, now: options.now, ...keyed<InternalStateData>(codec) })
}

export function createSessionStore(db: Promise<TendrilDb>, codec: KeyCodec): SessionStore & EntryStore<Session> {
  return createEntryStore<Session>(db, 'oauth-session', keyed<Session>(codec))
}

/** A persistent cache in the shared `oauth-cache` object store. */
export function createCache<V>(db: Promise<TendrilDb>, name: string, ttlMs: number): EntryStore<V> {
  return createEntryStore<V>(db, 'oauth-cache', { prefix: `${name}:`, ttlMs })
}
