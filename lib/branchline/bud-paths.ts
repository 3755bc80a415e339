import type { BranchlineClient } from '../appview/branchline-client'
import type { TendrilDb } from '../storage/db'

// Where a bud sits in its story (root→bud), from one getBranch, kept in IndexedDB: a bud's
// ancestry is immutable (a bud's parent is fixed when it is written), so a path once known is
// never asked for again. A bud the AppView does not know has no path (null) and is not remembered:
// it may be gone, or not indexed yet.

export function createBudPaths(deps: { db: Promise<TendrilDb>; branchline: Pick<BranchlineClient, 'getBranch'> }) {
  const paths = {
    async pathOf(uri: string): Promise<string[] | null> {
      const db = await deps.db
      const known = await db.get('buds', uri)
      if (known) return known.path
      const path = await deps.branchline.getBranch(uri)
      if (path.length === 0 || path[path.length - 1] !== uri) return null
      await paths.remember(path)
      return path
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
