import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

// Tendril's one IndexedDB database, opened only by the background worker. Every store is listed
// here with the version that introduced it; `upgrade` replays the steps a profile has not seen yet.

export interface StoredEntry<V> {
  value: V
  /** Epoch ms after which the entry is ignored and removed; `null` never expires. */
  expiresAt: number | null
}

export interface TendrilSchema extends DBSchema {
  /** OAuth authorization requests in flight, by `state` (v1). */
  'oauth-state': { key: string; value: StoredEntry<unknown> }
  /** OAuth sessions by account DID: token set, auth method and the DPoP key pair (v1). */
  'oauth-session': { key: string; value: StoredEntry<unknown> }
  /** Server metadata, DID documents and handles, so a woken worker restores without network (v1). */
  'oauth-cache': { key: string; value: StoredEntry<unknown> }
}

export type TendrilDb = IDBPDatabase<TendrilSchema>

export const DB_NAME = 'tendril'
export const DB_VERSION = 1

/** Opens (and upgrades) the database. `name` differs only in tests, which use fake-indexeddb. */
export function openTendrilDb(name = DB_NAME): Promise<TendrilDb> {
  return openDB<TendrilSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('oauth-state')
        db.createObjectStore('oauth-session')
        db.createObjectStore('oauth-cache')
      }
    },
    blocked() {
      // An older worker still holds the database open; it closes when that worker stops.
    },
  })
}
