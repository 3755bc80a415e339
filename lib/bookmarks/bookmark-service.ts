import { SubjectNotFoundError } from '../errors'
import type { Journal, WriteRequest } from '../writes/journal'
import type { WriteEntry, WriteOp } from '../writes/entry'
import { BOOKMARK_COLLECTION, bookmarkRecord, readBookmark, type Bookmark, type StrongRef } from './bookmark-record'
import { decideBookmark, type PlacedBookmark } from './decide'
import { marksFor, type BudMark } from './marks'
import { recordCid } from './record-cid'

// Bookmarks, on the reader's side of ink.branchline.createBookmark: decide (lib/bookmarks/decide.ts)
// over the account's bookmarks as they will be once the journal's unsent writes land, and enter
// the result through the one write path. Every write's undo is decided with it (CIDs are computed
// here, lib/bookmarks/record-cid.ts) and kept under an unguessable token until the toast is gone.
//
// The account's bookmarks come from the mirror (no read when it is fresh), bud paths from the
// thread cache; a warm bookmark costs one request, the write.

export const BOOKMARK_FEATURE = 'bookmark'

export type BookmarkOutcome =
  | { kind: 'created'; budUri: string; undo: string }
  | { kind: 'moved'; budUri: string; from: number; undo: string }
  | { kind: 'removed'; budUri: string; undo: string }
  | { kind: 'duplicate'; budUri: string }
  | { kind: 'not-bookmarked'; budUri: string }
  | { kind: 'undone' }

/** How a move is decided again after a conflict. */
interface Redecide {
  subject: string
  title: string
}

/** What an undo enters: the writes that put back what was there. */
export interface UndoRecord {
  did: string
  label: string
  ops: WriteOp[]
  expiresAt: number
}

export interface UndoStore {
  put(token: string, undo: UndoRecord): Promise<void>
  /** Removes and returns it (once). */
  take(token: string): Promise<UndoRecord | undefined>
}

export interface BookmarkServiceDeps {
  journal: Pick<Journal, 'decide'>
  /** The account's bookmarks as its PDS holds them (lib/bookmarks/bookmark-mirror.ts). */
  bookmarks(did: string): Promise<Bookmark[]>
  /** Root→bud paths of buds (null: gone), cached ones read at once (lib/branchline/bud-paths.ts). */
  pathsOf(uris: string[]): Promise<Map<string, string[] | null>>
  /** The bud as it is now (its CID), or undefined when it does not exist. */
  subject(uri: string): Promise<StrongRef | undefined>
  undos: UndoStore
  /** Reads the account's bookmarks from its PDS again (after a conflict). */
  resync?(did: string): Promise<unknown>
  newRkey(): string
  newToken(): string
  now?: () => number
}

/** How long an undo is offered (the toast shows it for less). */
export const UNDO_TTL_MS = 2 * 60_000

export function createBookmarkService(deps: BookmarkServiceDeps) {
  const now = deps.now ?? Date.now

  /** The account's bookmarks as they will be once its unsent bookmark writes land. */
  async function current(did: string, unsettled: WriteEntry[]): Promise<PlacedBookmark[]> {
    const byRkey = new Map((await deps.bookmarks(did)).map((b) => [b.rkey, b]))
    for (const entry of unsettled) {
      // A conflict will not land as it is (the record changed elsewhere): the PDS's word stands.
      if (entry.status === 'conflict') continue
      const op = entry.op
      if (op.kind === 'service' || op.collection !== BOOKMARK_COLLECTION) continue
      if (op.kind === 'delete') byRkey.delete(op.rkey)
      else {
        const b = readBookmark(op.rkey, await recordCid(op.record), op.record)
        if (b) byRkey.set(op.rkey, b)
      }
    }
    const paths = await deps.pathsOf([...byRkey.values()].map((b) => b.subject.uri))
    return [...byRkey.values()].map((b) => ({ ...b, path: paths.get(b.subject.uri) ?? null }))
  }

  async function keepUndo(did: string, label: string, ops: WriteOp[]): Promise<string> {
    const token = deps.newToken()
    await deps.undos.put(token, { did, label, ops, expiresAt: now() + UNDO_TTL_MS })
    return token
  }

  const write = (label: string, op: WriteOp, redecide?: Redecide): WriteRequest => ({ feature: BOOKMARK_FEATURE, label, op, ...(redecide ? { redecide } : {}) })

  return {
    /** The account's bookmarks as they will be once its unsent writes land, placed in their stories. */
    placed: (did: string, unsettled: WriteEntry[]) => current(did, unsettled),

    /** The state of every bud of `path` for the control beside it. */
    async marks(did: string, path: string[], unsettled: WriteEntry[]): Promise<BudMark[]> {
      return marksFor(path, await current(did, unsettled))
    },

    /** Bookmarks the bud at the end of `path` (root→bud, derived by the worker): create, rewrite
     * the thread's bookmark in place, or report a duplicate. */
    async bookmark(did: string, path: string[], title: string, options: { again?: boolean } = {}): Promise<BookmarkOutcome> {
      const budUri = path[path.length - 1]!
      const { answer } = await deps.journal.decide(did, async (unsettled) => {
          const subject = await deps.subject(budUri)
          if (!subject) throw new SubjectNotFoundError()
          const d = decideBookmark(path, await current(did, unsettled))
          if (d.kind === 'duplicate') return { writes: [], answer: { kind: 'duplicate', budUri } as BookmarkOutcome }
          const record = bookmarkRecord(subject, new Date(now()).toISOString())
          const cid = await recordCid(record)
          if (d.kind === 'create') {
            const rkey = deps.newRkey()
            const undo = await keepUndo(did, `Undo bookmark “${title}”`, [{ kind: 'delete', collection: BOOKMARK_COLLECTION, rkey, swapRecord: cid }])
            return { writes: [write(`Bookmark “${title}”`, { kind: 'create', collection: BOOKMARK_COLLECTION, rkey, record })], answer: { kind: 'created', budUri, undo } as BookmarkOutcome }
          }
          const old = d.bookmark
          const previous = bookmarkRecord(old.subject, old.createdAt)
          const oldCid = old.cid ?? (await recordCid(previous))
          const undo = await keepUndo(did, `Move bookmark back`, [{ kind: 'put', collection: BOOKMARK_COLLECTION, rkey: old.rkey, record: previous, swapRecord: cid }])
          return {
            // If the bookmark changed elsewhere meanwhile (InvalidSwap): read again, decide once more.
            writes: [write(`Move bookmark to “${title}”`, { kind: 'put', collection: BOOKMARK_COLLECTION, rkey: old.rkey, record, swapRecord: oldCid }, options.again ? undefined : { subject: budUri, title })],
            answer: { kind: 'moved', budUri, from: old.path!.length, undo } as BookmarkOutcome,
          }
        })
      return answer
    },

    /** Removes the account's bookmark on `budUri` (a page's control), or the one at `rkey` (the
     * popup's list), with undo. */
    async remove(did: string, which: string | { rkey: string }, title: string): Promise<BookmarkOutcome> {
      const { answer } = await deps.journal.decide(did, async (unsettled) => {
        const all = await current(did, unsettled)
        const mine = typeof which === 'string' ? all.find((b) => b.subject.uri === which) : all.find((b) => b.rkey === which.rkey)
        const budUri = typeof which === 'string' ? which : (mine?.subject.uri ?? '')
        if (!mine) return { writes: [], answer: { kind: 'not-bookmarked', budUri } as BookmarkOutcome }
        const previous = bookmarkRecord(mine.subject, mine.createdAt)
        const cid = mine.cid ?? (await recordCid(previous))
        const undo = await keepUndo(did, `Bookmark “${title}” again`, [{ kind: 'create', collection: BOOKMARK_COLLECTION, rkey: mine.rkey, record: previous }])
        return {
          writes: [write(`Remove bookmark on “${title}”`, { kind: 'delete', collection: BOOKMARK_COLLECTION, rkey: mine.rkey, swapRecord: cid })],
          answer: { kind: 'removed', budUri, undo } as BookmarkOutcome,
        }
      })
      return answer
    },

    /** The journal's `conflicted`: a move whose bookmark changed elsewhere. Its bookmarks are read
     * again from the PDS and the bookmark is decided once more; a second conflict is reported
     * (the popup's "Not saved" list). */
    async redecide(entry: WriteEntry, discard: (id: string) => Promise<void>): Promise<void> {
      const { subject, title } = entry.redecide as Redecide
      await deps.resync?.(entry.did)
      await discard(entry.id)
      const path = (await deps.pathsOf([subject])).get(subject)
      if (path) await this.bookmark(entry.did, path, title, { again: true })
    },

    /** Enters the writes that undo an earlier outcome, for the account that made it. */
    async undo(token: string): Promise<{ did: string; outcome: BookmarkOutcome } | undefined> {
      const undo = await deps.undos.take(token)
      if (!undo || undo.expiresAt < now()) return undefined
      await deps.journal.decide(undo.did, async () => ({ writes: undo.ops.map((op) => write(undo.label, op)), answer: null }))
      return { did: undo.did, outcome: { kind: 'undone' } }
    },
  }
}

export type BookmarkService = ReturnType<typeof createBookmarkService>
