import { describe, expect, it } from 'vitest'
import { groupBookmarks, unknownBuds } from '../../../lib/bookmarks/bookmark-list'
import type { PlacedBookmark } from '../../../lib/bookmarks/decide'

const bud = (k: string) => `at://did:plc:author/ink.branchline.bud/3kq2z7xyz2${k}aa`
const mark = (k: string, path: string[] | null, createdAt: string, cid = `cid-${k}`): PlacedBookmark => ({ rkey: `r${k}`, cid: 'x', subject: { uri: bud(k), cid }, createdAt, path: path?.map(bud) ?? null })
const titles: Record<string, { title: string; cid: string }> = {
  [bud('r')]: { title: 'The Lighthouse', cid: 'cid-r' },
  [bud('b')]: { title: 'Fog', cid: 'cid-b' },
  [bud('d')]: { title: 'Dawn', cid: 'cid-d-edited' },
  [bud('s')]: { title: 'Salt', cid: 'cid-s' },
}
const facts = (uri: string) => titles[uri]

describe('groupBookmarks', () => {
  const list = [
    mark('b', ['r', 'a', 'b'], '2026-01-02T00:00:00.000Z'),
    mark('d', ['r', 'a', 'b', 'd'], '2026-01-05T00:00:00.000Z'),
    mark('s', ['s'], '2026-01-03T00:00:00.000Z'),
    mark('x', null, '2026-01-04T00:00:00.000Z'),
  ]
  const { stories, gone } = groupBookmarks(list, facts)

  it('groups by story (root title), stories and bookmarks newest first', () => {
    expect(stories.map((s) => [s.title, s.bookmarks.map((b) => b.title)])).toEqual([
      ['The Lighthouse', ['Dawn', 'Fog']],
      ['Salt', ['Salt']],
    ])
  })
  it('says where each is, and marks edited buds and two on one thread', () => {
    const [dawn, fog] = stories[0]!.bookmarks
    expect(dawn).toMatchObject({ position: 4, state: 'edited', sharesThread: true, url: 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2daa' })
    expect(fog).toMatchObject({ position: 3, state: 'ok', sharesThread: true })
    expect(stories[1]!.bookmarks[0]).toMatchObject({ position: 1, sharesThread: false })
  })
  it('lists gone buds apart, with no position', () => {
    expect(gone).toEqual([expect.objectContaining({ rkey: 'rx', state: 'gone', position: null, title: 'Untitled bud' })])
  })
  it('names the subjects and roots whose titles are unknown (to look up)', () => {
    expect(unknownBuds([mark('q', ['p', 'q'], '2026-01-01T00:00:00.000Z'), ...list], facts)).toEqual([bud('q'), bud('p')])
  })
})
