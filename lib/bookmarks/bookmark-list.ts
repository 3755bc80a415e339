import { budPageUrl } from '../sites/branchline'
import type { Bookmark } from './bookmark-record'
import type { PlacedBookmark } from './decide'

// The reader's bookmarks as the popup lists them: grouped by story (the root bud's title), newest
// first, each with where it is ("bud 7") and whether its bud is gone or was edited since it was
// bookmarked; two bookmarks on one thread (made elsewhere) are pointed out, never tidied silently.

export interface BookmarkItem {
  rkey: string
  budUri: string
  title: string
  /** Depth in its story (1 = the root); null when the bud is gone. */
  position: number | null
  createdAt: string
  state: 'ok' | 'gone' | 'edited'
  /** Another bookmark of the reader's lies on this one's thread (the popup offers to tidy). */
  sharesThread: boolean
  /** The bud's page, to open it. */
  url?: string
}

export interface StoryGroup {
  rootUri: string
  title: string
  bookmarks: BookmarkItem[]
}

/** What is known of a bud: its title and CID as last read (undefined: never read). */
export type BudFacts = (uri: string) => { title?: string; cid?: string } | undefined

export function groupBookmarks(bookmarks: readonly PlacedBookmark[], facts: BudFacts): { stories: StoryGroup[]; gone: BookmarkItem[] } {
  // Two on one thread: one's subject lies on the other's path. Counted in one pass over the paths
  // (a comparison of every pair would cost n² for a reader with hundreds of bookmarks).
  const subjects = new Map<string, number>()
  const above = new Map<string, number>()
  for (const b of bookmarks) {
    if (!b.path) continue
    subjects.set(b.subject.uri, (subjects.get(b.subject.uri) ?? 0) + 1)
    for (const uri of b.path.slice(0, -1)) above.set(uri, (above.get(uri) ?? 0) + 1)
  }
  const sharesThread = (b: PlacedBookmark) => b.path !== null && ((above.get(b.subject.uri) ?? 0) > 0 || b.path.slice(0, -1).some((uri) => (subjects.get(uri) ?? 0) > 0))
  const item = (b: PlacedBookmark): BookmarkItem => {
    const known = facts(b.subject.uri)
    const onThread = sharesThread(b)
    return {
      rkey: b.rkey,
      budUri: b.subject.uri,
      title: known?.title?.trim() || 'Untitled bud',
      position: b.path ? b.path.length : null,
      createdAt: b.createdAt,
      state: b.path === null ? 'gone' : known?.cid && known.cid !== b.subject.cid ? 'edited' : 'ok',
      sharesThread: onThread,
      url: budPageUrl(b.subject.uri),
    }
  }
  const newestFirst = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt)
  const byRoot = new Map<string, PlacedBookmark[]>()
  const gone: BookmarkItem[] = []
  for (const b of bookmarks) {
    if (!b.path) gone.push(item(b))
    else byRoot.set(b.path[0]!, [...(byRoot.get(b.path[0]!) ?? []), b])
  }
  const stories = [...byRoot].map(([rootUri, marks]) => ({
    rootUri,
    title: facts(rootUri)?.title?.trim() || 'Untitled story',
    bookmarks: marks.map(item).sort(newestFirst),
  }))
  stories.sort((a, b) => newestFirst(a.bookmarks[0]!, b.bookmarks[0]!))
  return { stories, gone: gone.sort(newestFirst) }
}

/** The subjects and roots whose titles are not known yet (to look up, ≤ 25 per getBuds). */
export function unknownBuds(bookmarks: readonly PlacedBookmark[], facts: BudFacts): string[] {
  const wanted = new Set<string>()
  for (const b of bookmarks) {
    if (!b.path) continue
    for (const uri of [b.subject.uri, b.path[0]!]) if (facts(uri)?.title === undefined) wanted.add(uri)
  }
  return [...wanted]
}

export type { Bookmark }
