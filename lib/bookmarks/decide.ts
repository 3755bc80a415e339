import type { Bookmark } from './bookmark-record'

// The createBookmark decision (../shared/seeds/ink.branchline.createBookmark.md), pure: given the
// path of the bud S being bookmarked (root→S) and the account's bookmarks with the paths of their
// buds, what to write. One bookmark per thread (a root→leaf line of a story):
// - a bookmark on S itself → duplicate, nothing written;
// - a bookmark on an ancestor or a descendant of S → that one is rewritten in place; of several,
//   the nearest to S by depth, the newest on a tie (the others are left alone, never deleted
//   silently: the popup offers to tidy them);
// - otherwise (no bookmark in the story, or only on siblings and cousins) → a new record.
// A bookmark whose bud is gone (path null) is left out: it is shown as gone and can be removed.
// Every check is O(1) per bookmark (index into the paths), so the decision costs nothing next to
// the write whatever the depth.

export interface PlacedBookmark extends Bookmark {
  /** Root→subject AT-URIs; null when the subject bud is gone or its path cannot be known. */
  path: string[] | null
}

export type Decision =
  | { kind: 'duplicate'; bookmark: PlacedBookmark }
  | { kind: 'rewrite'; bookmark: PlacedBookmark; alsoOnThread: PlacedBookmark[] }
  | { kind: 'create' }

/** How `bookmark` lies relative to the bud at the end of `path`: on it, above it, below it, or
 * off its thread. */
export function relation(path: readonly string[], bookmark: PlacedBookmark): 'same' | 'ancestor' | 'descendant' | 'off-thread' {
  const subject = path[path.length - 1]
  if (bookmark.subject.uri === subject) return 'same'
  const other = bookmark.path
  if (!other || other.length === 0 || other[0] !== path[0]) return 'off-thread'
  if (other.length < path.length && path[other.length - 1] === bookmark.subject.uri) return 'ancestor'
  if (other.length > path.length && other[path.length - 1] === subject) return 'descendant'
  return 'off-thread'
}

export function decideBookmark(path: readonly string[], bookmarks: readonly PlacedBookmark[]): Decision {
  if (path.length === 0) throw new Error('decideBookmark: empty path')
  const onThread: PlacedBookmark[] = []
  for (const bookmark of bookmarks) {
    const r = relation(path, bookmark)
    if (r === 'same') return { kind: 'duplicate', bookmark }
    if (r !== 'off-thread') onThread.push(bookmark)
  }
  if (onThread.length === 0) return { kind: 'create' }
  const distance = (b: PlacedBookmark) => Math.abs(b.path!.length - path.length)
  onThread.sort((a, b) => distance(a) - distance(b) || b.createdAt.localeCompare(a.createdAt) || b.rkey.localeCompare(a.rkey))
  const [nearest, ...rest] = onThread
  return { kind: 'rewrite', bookmark: nearest!, alsoOnThread: rest }
}
