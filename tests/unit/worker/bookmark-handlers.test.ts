import { describe, expect, it, vi } from 'vitest'
import type { BookmarkService } from '../../../lib/bookmarks/bookmark-service'
import type { TabState } from '../../../lib/messages'
import { createBookmarkHandlers } from '../../../lib/worker/bookmark-handlers'
import type { SenderInfo } from '../../../lib/worker/sender'

// The worker's side of a page's bookmark control: the page names a bud, the worker acts only if
// that bud lies on the path it derived itself for the tab's URL.
const bud = (k: string) => `at://did:plc:author/ink.branchline.bud/3kq2z7xyz2${k}aa`
const URL_ = 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2baa'
const state: TabState = {
  tabId: 7,
  url: URL_,
  updatedAt: '2026-11-30T12:00:00.000Z',
  page: {
    kind: 'bud',
    bud: { uri: bud('b'), title: 'B', position: 3, author: { did: 'did:plc:author' }, story: { rootUri: bud('r'), title: 'Story' }, childCount: 0, path: [bud('r'), bud('a'), bud('b')] },
  },
}
const sender: SenderInfo = { kind: 'content-script', tabId: 7, tabUrl: `${URL_}#bud-3kq2z7xyz2baa` }

function setup(activeDid: string | null = 'did:plc:reader') {
  const service = {
    marks: vi.fn(async (_did: string, path: string[]) => path.map((uri, i) => ({ uri, position: i + 1, state: 'none' as const }))),
    bookmark: vi.fn(async (_did: string, path: string[]) => ({ kind: 'created' as const, budUri: path[path.length - 1]!, undo: 'u' })),
    remove: vi.fn(async (_did: string, budUri: string) => ({ kind: 'removed' as const, budUri, undo: 'u' })),
    undo: vi.fn(async () => undefined),
  }
  const intents = { keep: vi.fn(async () => ({}) as never) }
  const openSignIn = vi.fn(async () => undefined)
  const follower = { follow: vi.fn(async () => state) }
  const handlers = createBookmarkHandlers({
    service: service as unknown as BookmarkService,
    accounts: { read: async () => ({ accounts: [], activeDid }) },
    journal: { list: async () => [] },
    follower,
    tabs: { get: async () => state },
    intents,
    openSignIn,
  })
  return { handlers, service, intents, openSignIn, follower }
}

describe('bookmark handlers', () => {
  it('bookmarks a bud of the tab’s own path, with the path up to that bud', async () => {
    const { handlers, service } = setup()
    await handlers['bookmarks.bookmark']({ type: 'bookmarks.bookmark', budUri: bud('a') }, sender)
    expect(service.bookmark).toHaveBeenCalledWith('did:plc:reader', [bud('r'), bud('a')], 'bud 2 of “Story”')
  })

  it.each([
    ['a bud of another story', 'at://did:plc:attacker/ink.branchline.bud/3kq2z7xyz2zaa'],
    ['a child of the page’s bud (not on its path)', bud('d')],
  ])('refuses %s, whatever the page lists (NotOnThisPage), and writes nothing', async (_name, uri) => {
    const { handlers, service } = setup()
    await expect(handlers['bookmarks.bookmark']({ type: 'bookmarks.bookmark', budUri: uri }, sender)).rejects.toMatchObject({ code: 'NotOnThisPage' })
    await expect(handlers['bookmarks.remove']({ type: 'bookmarks.remove', budUri: uri }, sender)).rejects.toMatchObject({ code: 'NotOnThisPage' })
    expect(service.bookmark).not.toHaveBeenCalled()
    expect(service.remove).not.toHaveBeenCalled()
  })

  it('derives the path from the browser’s URL for the tab: a stale stored state is not used', async () => {
    const { handlers, follower } = setup()
    const elsewhere: SenderInfo = { ...sender, tabUrl: 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2daa' }
    follower.follow.mockResolvedValueOnce({ ...state, url: elsewhere.tabUrl!, page: { kind: 'bud-missing', url: elsewhere.tabUrl! } })
    await expect(handlers['bookmarks.bookmark']({ type: 'bookmarks.bookmark', budUri: bud('b') }, elsewhere)).rejects.toMatchObject({ code: 'NotABudPage' })
    expect(follower.follow).toHaveBeenCalledWith(7, elsewhere.tabUrl)
  })

  it('signed out: keeps the click as an intent, opens Tendril’s sign-in, says so', async () => {
    const { handlers, service, intents, openSignIn } = setup(null)
    expect(await handlers['bookmarks.bookmark']({ type: 'bookmarks.bookmark', budUri: bud('b') }, sender)).toEqual({ kind: 'signed-out', budUri: bud('b') })
    expect(intents.keep).toHaveBeenCalledWith('bookmark', 'Bookmark “B”', { path: [bud('r'), bud('a'), bud('b')], title: 'B' })
    expect(openSignIn).toHaveBeenCalledOnce()
    expect(service.bookmark).not.toHaveBeenCalled()
  })

  it('marks: every bud of the path, none bookmarked while signed out', async () => {
    const { handlers, service } = setup(null)
    expect(await handlers['bookmarks.marks']({ type: 'bookmarks.marks' }, sender)).toEqual({
      signedIn: false,
      marks: [1, 2, 3].map((position) => ({ uri: [bud('r'), bud('a'), bud('b')][position - 1], position, state: 'none' })),
    })
    expect(service.marks).not.toHaveBeenCalled()
  })

  it('an undo whose token is unknown or spent is UndoExpired', async () => {
    const { handlers } = setup()
    await expect(handlers['bookmarks.undo']({ type: 'bookmarks.undo', token: 'x'.repeat(20) }, sender)).rejects.toMatchObject({ code: 'UndoExpired' })
  })
})
