import { describe, expect, it, vi } from 'vitest'
import type { Backlink } from '../../../lib/appview/chive-client'
import { createOnChive } from '../../../lib/backlinks/on-chive'

const EPRINT = 'at://did:plc:author/pub.chive.eprint.submission/3kq2z7xyz2eaa'
const SOURCE = 'at://did:plc:reader/app.bsky.feed.post/3kq2z7xyz2paa'
const link = (sourceUri: string, deleted = false): Backlink => ({ id: 1, sourceUri, sourceType: 'bluesky.post', targetUri: EPRINT, indexedAt: '2026-01-01T00:00:00.000Z', deleted })

/** A Chive list of `pages` pages; the source sits on page `at` (or nowhere). */
function chive(pages: Backlink[][]) {
  return {
    list: vi.fn(async (_t: string, o: { cursor?: string } = {}) => {
      const i = o.cursor ? Number(o.cursor) : 0
      const more = i + 1 < pages.length
      return { backlinks: pages[i]!, hasMore: more, ...(more ? { cursor: String(i + 1) } : {}) }
    }),
  }
}
const others = (n: number) => Array.from({ length: n }, (_, i) => link(`at://did:plc:x/app.bsky.feed.post/3kq2z7xyz${String(i).padStart(4, '0')}`))

describe('onChive.check', () => {
  it.each<[string, Backlink[][], string, number]>([
    ['on the first page → present', [[link(SOURCE)]], 'present', 1],
    ['on the third page → present', [others(100), others(100), [link(SOURCE)]], 'present', 3],
    ['the whole list read, not there → absent', [others(100), others(3)], 'absent', 2],
    ['deleted there → absent', [[link(SOURCE, true)]], 'absent', 1],
    ['more pages than it reads → unknown (suggest only, never write on its own)', [others(100), others(100), others(100), [link(SOURCE)]], 'unknown', 3],
  ])('%s', async (_name, pages, expected, calls) => {
    const c = chive(pages)
    expect(await createOnChive({ chive: c }).check(SOURCE, EPRINT, 'bluesky.post')).toBe(expected)
    expect(c.list).toHaveBeenCalledTimes(calls)
    expect(c.list.mock.calls[0]![1]).toMatchObject({ sourceType: 'bluesky.post', limit: 100 })
  })

  it('remembers an answer for a while, and forgets it when told (after Tendril’s own write)', async () => {
    const c = chive([[link(SOURCE)]])
    const clock = { now: 0 }
    const on = createOnChive({ chive: c, now: () => clock.now })
    await on.check(SOURCE, EPRINT, 'bluesky.post')
    await on.check(SOURCE, EPRINT, 'bluesky.post')
    expect(c.list).toHaveBeenCalledTimes(1)
    on.forget(SOURCE, EPRINT, 'bluesky.post')
    await on.check(SOURCE, EPRINT, 'bluesky.post')
    clock.now += 5 * 60_000 + 1
    await on.check(SOURCE, EPRINT, 'bluesky.post')
    expect(c.list).toHaveBeenCalledTimes(3)
  })
})
