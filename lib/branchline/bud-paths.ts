import type { BranchlineClient } from '../appview/branchline-client'
import { AppViewUnavailableError } from '../errors'
import type { TendrilDb } from '../storage/db'
import type { PdsWalk } from './pds-walk'

// Where a bud sits in its story (root→bud) and what it is (CID, title), kept in IndexedDB: the
// thread cache's public half, shared by every account. A bud's ancestry is immutable (its parent
// is fixed when it is written), so a path once known is never asked for again. The AppView answers
// first (getBranch: the whole path in one request; getBuds: up to 25 buds per request); when it is
// down or does not know the bud yet (it lags behind new buds), the bud's author's PDS is asked and
// `parent` strongRefs are walked (lib/branchline/pds-walk.ts), caching every step. A bud known to
// neither is gone: it has no path (null) and nothing is remembered, so it is asked about again.

/** A bud found at neither place is not asked about again for this long (a page listing many gone
 * bookmarks must not cost requests on every visit). */
export const GONE_FOR_MS = 5 * 60_000

export function createBudPaths(deps: {
  db: Promise<TendrilDb>
  branchline: Pick<BranchlineClient, 'getBranch' | 'getBuds'>
  walk?: PdsWalk
  now?: () => number
}) {
  const now = deps.now ?? Date.now
  const cachedPath = async (uri: string) => (await (await deps.db).get('buds', uri))?.path
  const goneUntil = new Map<string, number>()

  const paths = {
    async pathOf(uri: string): Promise<string[] | null> {
      const known = await cachedPath(uri)
      if (known) return known
      if ((goneUntil.get(uri) ?? 0) > now()) return null
      let path: string[] = []
      try {
        path = await deps.branchline.getBranch(uri)
      } catch (error) {
        if (!(error instanceof AppViewUnavailableError) || !deps.walk) throw error
      }
      if (path.length > 0 && path[path.length - 1] === uri) {
        await paths.remember(path)
        return path
      }
      if (!deps.walk) return null
      const walked = await deps.walk.walk(uri, cachedPath)
      if (!walked.path) {
        goneUntil.set(uri, now() + GONE_FOR_MS)
        return null
      }
      const full = walked.path
      const tx = (await deps.db).transaction('buds', 'readwrite')
      for (const bud of walked.read) {
        const at = full.indexOf(bud.uri)
        await tx.store.put({ uri: bud.uri, root: full[0]!, path: full.slice(0, at + 1), cid: bud.cid, title: bud.title })
      }
      await tx.done
      return full
    },

    /** Paths of many buds at once: those cached are read in one transaction, the rest asked for
     * one by one (pathOf). A bookmark list of hundreds costs one read when all are known. */
    async pathsOf(uris: string[]): Promise<Map<string, string[] | null>> {
      const unique = [...new Set(uris)]
      const tx = (await deps.db).transaction('buds')
      const rows = await Promise.all(unique.map((uri) => tx.store.get(uri)))
      const out = new Map<string, string[] | null>()
      unique.forEach((uri, i) => rows[i]?.path && out.set(uri, rows[i]!.path))
      for (const uri of unique) if (!out.has(uri)) out.set(uri, await paths.pathOf(uri))
      return out
    },

    /** The bud as it is now, for a bookmark's subject: the CID a page visit read, else the
     * AppView's, else its author's PDS's; undefined when it exists at neither (SubjectNotFound). */
    async subject(uri: string): Promise<{ uri: string; cid: string } | undefined> {
      const known = await paths.known(uri)
      if (known) return known
      let views: Awaited<ReturnType<BranchlineClient['getBuds']>> = []
      try {
        views = await deps.branchline.getBuds([uri])
      } catch (error) {
        if (!(error instanceof AppViewUnavailableError) || !deps.walk) throw error
      }
      const view = views.find((v) => v.uri === uri)
      if (view) {
        await paths.note([view])
        return { uri, cid: view.cid }
      }
      const read = await deps.walk?.read(uri)
      return read ? { uri, cid: read.cid } : undefined
    },

    /** Keeps a path Tendril learnt elsewhere (a bud page's own getBranch), and what a lookup read
     * of the buds on it (CID, title). */
    async remember(path: string[], views: Array<{ uri: string; cid: string; title?: string }> = []): Promise<void> {
      const uri = path[path.length - 1]
      if (!uri) return
      const db = await deps.db
      const tx = db.transaction('buds', 'readwrite')
      const seen = new Map(views.map((v) => [v.uri, v]))
      const own = seen.get(uri)
      await tx.store.put({ ...(await tx.store.get(uri)), uri, root: path[0]!, path, ...(own ? { cid: own.cid, title: own.title } : {}) })
      const root = path[0]!
      const rootView = seen.get(root)
      if (rootView && root !== uri) await tx.store.put({ ...(await tx.store.get(root)), uri: root, root, path: [root], cid: rootView.cid, title: rootView.title })
      await tx.done
    },

    /** Title and CID as last read, for each of `uris` that Tendril has read. */
    async facts(uris: string[]): Promise<Map<string, { title?: string; cid?: string }>> {
      const tx = (await deps.db).transaction('buds')
      const rows = await Promise.all(uris.map((uri) => tx.store.get(uri)))
      return new Map(rows.flatMap((r) => (r ? [[r.uri, { title: r.title, cid: r.cid }] as const] : [])))
    },

    /** Keeps what a getBuds read: CID and title of buds already placed, and of root buds (whose
     * path is themselves). */
    async note(views: Array<{ uri: string; cid: string; title?: string; parent?: unknown }>): Promise<void> {
      const tx = (await deps.db).transaction('buds', 'readwrite')
      for (const v of views) {
        const row = await tx.store.get(v.uri)
        if (row) await tx.store.put({ ...row, cid: v.cid, title: v.title })
        else if (!v.parent) await tx.store.put({ uri: v.uri, root: v.uri, path: [v.uri], cid: v.cid, title: v.title })
      }
      await tx.done
    },

    /** The bud as Tendril last read it (its CID), or undefined if it never has. */
    async known(uri: string): Promise<{ uri: string; cid: string } | undefined> {
      const row = await (await deps.db).get('buds', uri)
      return row?.cid ? { uri, cid: row.cid } : undefined
    },
  }
  return paths
}

export type BudPaths = ReturnType<typeof createBudPaths>
