import { describe, expect, it } from 'vitest'
import { decideBookmark, relation, type PlacedBookmark } from '../../../lib/bookmarks/decide'

// A story as a tree of rkeys:      r
//                                /   \
//                               a     x
//                              / \     \
//                             b   c     y
//                             |
//                             d
const uri = (k: string) => `at://did:plc:author/ink.branchline.bud/${k}`
const TREE: Record<string, string[]> = {
  r: ['r'],
  a: ['r', 'a'],
  b: ['r', 'a', 'b'],
  c: ['r', 'a', 'c'],
  d: ['r', 'a', 'b', 'd'],
  x: ['r', 'x'],
  y: ['r', 'x', 'y'],
  other: ['other'],
}
const pathOf = (k: string) => TREE[k]!.map(uri)
const mark = (k: string, rkey: string, createdAt = '2026-01-01T00:00:00.000Z', path: string[] | null = pathOf(k)): PlacedBookmark => ({
  rkey,
  cid: `cid-${rkey}`,
  subject: { uri: uri(k), cid: `bud-cid-${k}` },
  createdAt,
  path,
})

describe('decideBookmark', () => {
  const cases: Array<[name: string, subject: string, bookmarks: PlacedBookmark[], expected: string]> = [
    ['no bookmark at all → create', 'b', [], 'create'],
    ['same bud → duplicate', 'b', [mark('b', 'k1')], 'duplicate k1'],
    ['same bud, whatever CID it was bookmarked at → duplicate', 'b', [{ ...mark('b', 'k1'), subject: { uri: uri('b'), cid: 'older' } }], 'duplicate k1'],
    ['an ancestor bookmarked → rewrite it', 'd', [mark('a', 'k1')], 'rewrite k1'],
    ['the root bookmarked → rewrite it', 'b', [mark('r', 'k1')], 'rewrite k1'],
    ['a descendant bookmarked → rewrite it', 'a', [mark('d', 'k1')], 'rewrite k1'],
    ['a sibling bookmarked → create', 'c', [mark('b', 'k1')], 'create'],
    ['a cousin bookmarked → create', 'y', [mark('d', 'k1')], 'create'],
    ['another story bookmarked → create', 'b', [mark('other', 'k1')], 'create'],
    ['a descendant of a sibling → create', 'c', [mark('d', 'k1')], 'create'],
    ['common ancestor of two bookmarked leaves → the nearest by depth', 'a', [mark('d', 'k1'), mark('c', 'k2')], 'rewrite k2 (also k1)'],
    ['two on the thread, equal depth → the newest', 'a', [mark('b', 'k1', '2026-01-01T00:00:00.000Z'), mark('c', 'k2', '2026-02-01T00:00:00.000Z')], 'rewrite k2 (also k1)'],
    ['an ancestor and a descendant → the nearer', 'b', [mark('r', 'k1'), mark('d', 'k2')], 'rewrite k2 (also k1)'],
    ['a gone bud is left out of the decision', 'b', [mark('a', 'k1', undefined, null)], 'create'],
    ['a gone bud on the subject itself is still a duplicate', 'b', [mark('b', 'k1', undefined, null)], 'duplicate k1'],
    ['edited bud (new CID) on the thread → rewrite', 'd', [{ ...mark('b', 'k1'), subject: { uri: uri('b'), cid: 'edited' } }], 'rewrite k1'],
  ]
  it.each(cases)('%s', (_name, subject, bookmarks, expected) => {
    const d = decideBookmark(pathOf(subject), bookmarks)
    const text =
      d.kind === 'create'
        ? 'create'
        : d.kind === 'duplicate'
          ? `duplicate ${d.bookmark.rkey}`
          : `rewrite ${d.bookmark.rkey}${d.alsoOnThread.length ? ` (also ${d.alsoOnThread.map((b) => b.rkey).join(',')})` : ''}`
    expect(text).toBe(expected)
  })

  it('refuses an empty path rather than guessing', () => {
    expect(() => decideBookmark([], [])).toThrow(/empty path/)
  })
})

describe('relation', () => {
  it.each([
    ['b', 'a', 'ancestor'],
    ['a', 'b', 'descendant'],
    ['b', 'c', 'off-thread'],
    ['b', 'b', 'same'],
    ['b', 'other', 'off-thread'],
  ])('%s vs a bookmark on %s → %s', (subject, marked, expected) => {
    expect(relation(pathOf(subject), mark(marked, 'k'))).toBe(expected)
  })

  it('a bookmark whose stored path disagrees with its subject is not taken for an ancestor', () => {
    // Path claims to end at a, but the subject is x: index check uses the subject, not the path end.
    expect(relation(pathOf('d'), { ...mark('x', 'k'), path: pathOf('a') })).toBe('off-thread')
  })
})
