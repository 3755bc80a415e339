import type { BookmarkRow, TendrilDb } from '../storage/db'
import type { TendrilXrpc } from '../xrpc/tendril-xrpc'
import type { WriteEntry } from '../writes/entry'
import { BOOKMARK_COLLECTION, readBookmark, type Bookmark } from './bookmark-record'
import { recordCid } from './record-cid'

// Each account's bookmarks as its PDS holds them, mirrored in IndexedDB so a decision costs no
// read: synced from the PDS (listRecords, every page) at sign-in, when the popup opens and when the
// browser regains focus (at most once a minute), and before a decision when the last sync is
// older than 5 minutes — so bookmarks made elsewhere appear and deleted ones vanish. Tendril's own
// writes update it from the write's answer (the journal's `applied`), with no re-read. Foreign or
// malformed records are skipped and counted, never trusted. Signing out clears the account's rows.

/** A decision trusts a mirror synced this recently. */
export const FRESH_FOR_DECISION_MS = 5 * 60_000
/** Syncs asked for by the popup or the browser's focus are at most this frequent. */
export const RESYNC_AT_MOST_EVERY_MS = 60_000
const PAGE = 100
const SYNCED = (did: string) => `bookmarks-synced:${did}`
const SKIPPED = (did: string) => `bookmarks-skipped:${did}`

export interface SyncProgress {
  /** Records read so far. */
  read: number
  /** Of those, not bookmarks Tendril can use (malformed, or not on a bud). */
  skipped: number
}

export function createBookmarkMirror(deps: { db: Promise<TendrilDb>; clientFor(did: string): Promise<TendrilXrpc>; now?: () => number }) {
  const now = deps.now ?? Date.now
  const running = new Map<string, Promise<SyncProgress>>()
  const progressOf = new Map<string, SyncProgress>()

  const rows = async (did: string): Promise<BookmarkRow[]> => (await deps.db).getAllFromIndex('bookmarks', 'by-did', did)
  const syncedAt = async (did: string): Promise<number | undefined> => (await (await deps.db).get('meta', SYNCED(did))) as number | undefined

  async function syncNow(did: string, progress?: (p: SyncProgress) => void): Promise<SyncProgress> {
    const client = await deps.clientFor(did)
    const found: BookmarkRow[] = []
    const count: SyncProgress = { read: 0, skipped: 0 }
    let cursor: string | undefined
    do {
      const { data } = await client.com.atproto.repo.listRecords({ repo: did, collection: BOOKMARK_COLLECTION, limit: PAGE, cursor })
      for (const r of data.records) {
        count.read++
        const b = readBookmark(r.uri.slice(r.uri.lastIndexOf('/') + 1), r.cid, r.value)
        if (b) found.push({ did, rkey: b.rkey, cid: r.cid, subject: b.subject, createdAt: b.createdAt })
        else count.skipped++
      }
      progress?.({ ...count })
      // A short page is the last one (the PDS gives a cursor with every non-empty page).
      cursor = data.records.length === PAGE ? data.cursor : undefined
    } while (cursor)
    const tx = (await deps.db).transaction(['bookmarks', 'meta'], 'readwrite')
    const store = tx.objectStore('bookmarks')
    for (const old of await store.index('by-did').getAllKeys(did)) await store.delete(old)
    for (const row of found) await store.put(row)
    await tx.objectStore('meta').put(now(), SYNCED(did))
    await tx.objectStore('meta').put(count.skipped, SKIPPED(did))
    await tx.done
    return count
  }

  const mirror = {
    /** Reads the account's bookmarks from its PDS now (one sync at a time per account). */
    sync(did: string, progress?: (p: SyncProgress) => void): Promise<SyncProgress> {
      const going = running.get(did)
      if (going) return going
      progressOf.set(did, { read: 0, skipped: 0 })
      const run = syncNow(did, (p) => (progressOf.set(did, p), progress?.(p))).finally(() => {
        running.delete(did)
        progressOf.delete(did)
      })
      running.set(did, run)
      return run
    },
    /** Syncs unless the last sync is more recent than `maxAgeMs`. */
    async syncIfOlder(did: string, maxAgeMs: number): Promise<void> {
      const at = await syncedAt(did)
      if (at === undefined || now() - at > maxAgeMs) await mirror.sync(did)
    },
    /** The account's bookmarks, synced first if the mirror is too old to decide on. */
    async list(did: string): Promise<Bookmark[]> {
      await mirror.syncIfOlder(did, FRESH_FOR_DECISION_MS)
      return mirror.cached(did)
    },
    syncedAt,
    /** Records skipped at the last sync (not bookmarks Tendril can read). */
    skipped: async (did: string): Promise<number> => ((await (await deps.db).get('meta', SKIPPED(did))) as number | undefined) ?? 0,
    /** How far a sync running now has got ("n so far"), or undefined when none runs. */
    progress: (did: string): SyncProgress | undefined => progressOf.get(did),
    /** What the mirror holds now, without syncing. */
    async cached(did: string): Promise<Bookmark[]> {
      return (await rows(did)).map(({ rkey, cid, subject, createdAt }) => ({ rkey, cid, subject, createdAt }))
    },
    /** A write the PDS confirmed, applied from its answer. */
    async applied(did: string, change: { kind: 'create' | 'put'; rkey: string; cid: string; record: unknown } | { kind: 'delete'; rkey: string }): Promise<void> {
      const db = await deps.db
      if (change.kind === 'delete') return void (await db.delete('bookmarks', [did, change.rkey]))
      const b = readBookmark(change.rkey, change.cid, change.record)
      if (b) await db.put('bookmarks', { did, rkey: b.rkey, cid: change.cid, subject: b.subject, createdAt: b.createdAt })
    },
    /** The journal's `applied`: a bookmark write its PDS confirmed (any other write is not ours). */
    async fromJournal(entry: WriteEntry, outcome: { cid?: string }): Promise<void> {
      const op = entry.op
      if (op.kind === 'service' || op.collection !== BOOKMARK_COLLECTION) return
      if (op.kind === 'delete') return mirror.applied(entry.did, { kind: 'delete', rkey: op.rkey })
      await mirror.applied(entry.did, { kind: op.kind, rkey: op.rkey, cid: outcome.cid ?? (await recordCid(op.record)), record: op.record })
    },
    /** The account signed out: forget its bookmarks (they are its PDS's to keep). */
    async clear(did: string): Promise<void> {
      const tx = (await deps.db).transaction(['bookmarks', 'meta'], 'readwrite')
      const store = tx.objectStore('bookmarks')
      for (const key of await store.index('by-did').getAllKeys(did)) await store.delete(key)
      await tx.objectStore('meta').delete(SYNCED(did))
      await tx.objectStore('meta').delete(SKIPPED(did))
      await tx.done
    },
  }
  return mirror
}

export type BookmarkMirror = ReturnType<typeof createBookmarkMirror>
