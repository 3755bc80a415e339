import { decideBookmark, type PlacedBookmark } from './decide'

// What the control beside each bud of a path shows, from the same decision a click would make:
// this bud is bookmarked; this thread's bookmark is at bud N (a click moves it here); or nothing.

export type BudMark =
  | { uri: string; position: number; state: 'bookmarked' }
  | { uri: string; position: number; state: 'elsewhere'; bookmarkAt: number }
  | { uri: string; position: number; state: 'none' }

export function marksFor(path: readonly string[], bookmarks: readonly PlacedBookmark[]): BudMark[] {
  return path.map((uri, i) => {
    const position = i + 1
    const d = decideBookmark(path.slice(0, position), bookmarks)
    if (d.kind === 'duplicate') return { uri, position, state: 'bookmarked' }
    if (d.kind === 'rewrite') return { uri, position, state: 'elsewhere', bookmarkAt: d.bookmark.path!.length }
    return { uri, position, state: 'none' }
  })
}
