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
    /** Keeps a path Tendril learnt elsewhere (a bud page's own getBranch). */
    async remember(path: string[]): Promise<void> {
      const uri = path[path.length - 1]
      if (!uri) return
      await (await deps.db).put('buds', { uri, root: path[0]!, path })
    },
  }
  return paths
}

export type BudPaths = ReturnType<typeof createBudPaths>
