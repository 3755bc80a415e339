import { openDB, type DBSchema, type IDBPDatabase } from 'idb'

// Tendril's one IndexedDB database, opened only by the background worker (and read by tests from
// an extension page). It lives in the extension's own origin: no web page and no content script can
// open it, which is why everything only the reader may change is kept here, not in storage.local
// (content scripts can read and write storage.local).

export interface StoredEntry<V> {
  value: V
  /** Epoch ms after which the entry is ignored and removed; `null` never expires. */
  expiresAt: number | null
}

/** One of the reader's accounts as stored: what Tendril remembers of it, and its place in the list.
 * A session (tokens, DPoP key) is not here: it is in `oauth-session`. */
export interface AccountRow {
  did: string
  handle?: string
  displayName?: string
  /** Origin of the account's PDS, for display. */
  pds?: string
  signedIn: boolean
  /** Why the account is signed out, in words a person reads. */
  signedOutReason?: string
  position: number
}

export interface TendrilSchema extends DBSchema {
  /** OAuth authorization requests in flight, by `state` (001). */
  'oauth-state': { key: string; value: StoredEntry<unknown> }
  /** OAuth sessions by account DID: token set, auth method and the DPoP key pair (001). */
  'oauth-session': { key: string; value: StoredEntry<unknown> }
  /** Server metadata, DID documents and handles, so a woken worker restores without network (001). */
  'oauth-cache': { key: string; value: StoredEntry<unknown> }
  /** The reader's accounts, by DID (002). */
  accounts: { key: string; value: AccountRow }
  /** The reader's choices: the active account, consents such as automatic backlinks (002). */
  settings: { key: string; value: unknown }
  /** Tendril's own bookkeeping, e.g. which one-off data moves have run (002). */
  meta: { key: string; value: unknown }
  /** The write journal: every write the reader asked for, by id, until its server confirmed it
   * (003; lib/writes/entry.ts; versioned by the entry's own `v`). */
  writes: { key: string; value: { id: string; did: string; v: number }; indexes: { 'by-did': string } }
  /** What the reader asked for while signed out, kept until an account signs in and the feature
   * decides it (004; lib/writes/intent.ts). */
  intents: { key: string; value: { id: string; v: number } }
  /** Buds Tendril has placed in their story, by AT-URI: public data shared by every account. A
   * bud's ancestry never changes, so it is kept (005; lib/branchline/bud-paths.ts). */
  buds: { key: string; value: BudRow; indexes: { 'by-root': string } }
  /** Each account's bookmarks as its PDS holds them, mirrored (005; lib/bookmarks/bookmark-mirror.ts). */
  bookmarks: { key: [string, string]; value: BookmarkRow; indexes: { 'by-did': string } }
  /** Chive backlinks Tendril created, by account and source, confirmed by Chive: the list the
   * reader can undo from (006; lib/backlinks/created-store.ts). */
  backlinks: { key: [string, string]; value: CreatedBacklinkRow; indexes: { 'by-did': string } }
  /** Suggestions the reader dismissed, by `<sourceUri> <eprint>`: never offered again (006). */
  'backlink-dismissed': { key: string; value: { at: number } }
}

export interface CreatedBacklinkRow {
  did: string
  sourceUri: string
  sourceType: string
  eprint: string
  /** The eprint's title when it was created (from its record). */
  eprintTitle?: string
  /** Epoch ms Chive confirmed it. */
  createdAt: number
  /** Created without a click, because the reader chose "Always". */
  automatic: boolean
}

export interface BookmarkRow {
  did: string
  rkey: string
  /** The record's CID at the PDS. */
  cid: string
  subject: { uri: string; cid: string }
  createdAt: string
}

export interface BudRow {
  uri: string
  /** The story's root bud. */
  root: string
  /** Root→this bud AT-URIs. */
  path: string[]
  /** The bud's CID and title as a page visit (or a lookup) last read them. */
  cid?: string
  title?: string
}

export type TendrilDb = IDBPDatabase<TendrilSchema>
export type StoreName = 'oauth-state' | 'oauth-session' | 'oauth-cache' | 'accounts' | 'settings' | 'meta' | 'writes' | 'intents' | 'buds' | 'bookmarks' | 'backlinks' | 'backlink-dismissed'

export const DB_NAME = 'tendril'

/** Keys of the `settings` store. */
export const SETTING_KEYS = { activeDid: 'activeDid', autoBacklink: 'autoBacklink' } as const

/**
 * The schema as named steps, oldest first; the database version is how many have run. A profile
 * at version n replays steps n+1… on open. Never edit a step that has shipped: add one.
 */
export const MIGRATIONS: ReadonlyArray<{ name: string; up(db: IDBPDatabase<TendrilSchema>): void }> = [
  {
    name: '001-oauth',
    up(db) {
      db.createObjectStore('oauth-state')
      db.createObjectStore('oauth-session')
      db.createObjectStore('oauth-cache')
    },
  },
  {
    name: '002-accounts-settings',
    up(db) {
      db.createObjectStore('accounts', { keyPath: 'did' })
      db.createObjectStore('settings')
      db.createObjectStore('meta')
    },
  },
  {
    name: '003-writes',
    up(db) {
      db.createObjectStore('writes', { keyPath: 'id' }).createIndex('by-did', 'did')
    },
  },
  {
    name: '004-intents',
    up(db) {
      db.createObjectStore('intents', { keyPath: 'id' })
    },
  },
  {
    // The thread cache: buds (public, shared by every account) and each account's bookmarks.
    name: '005-thread-cache',
    up(db) {
      db.createObjectStore('buds', { keyPath: 'uri' }).createIndex('by-root', 'root')
      db.createObjectStore('bookmarks', { keyPath: ['did', 'rkey'] }).createIndex('by-did', 'did')
    },
  },
  {
    // Backlinks Tendril created (the undo list) and the suggestions the reader dismissed.
    name: '006-backlinks',
    up(db) {
      db.createObjectStore('backlinks', { keyPath: ['did', 'sourceUri'] }).createIndex('by-did', 'did')
      db.createObjectStore('backlink-dismissed')
    },
  },
]

export const DB_VERSION = MIGRATIONS.length

/** Opens (and upgrades) the database. `name` differs only in tests, which use fake-indexeddb. */
export function openTendrilDb(name = DB_NAME): Promise<TendrilDb> {
  return openDB<TendrilSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      for (const step of MIGRATIONS.slice(oldVersion)) step.up(db)
    },
    blocked() {
      // An older worker still holds the database open; it closes when that worker stops.
    },
  })
}
