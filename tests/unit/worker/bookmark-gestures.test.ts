import { describe, expect, it, vi } from 'vitest'
import type { BudSummary, PageState } from '../../../lib/messages'
import { COMMAND_BOOKMARK, createBookmarkGestures, createMenus, MENU_LINK, MENU_PAGE } from '../../../lib/worker/bookmark-gestures'
import { createPageToaster } from '../../../lib/worker/page-toast'

const BUD_URL = 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2baa'
const bud: BudSummary = {
  uri: 'at://did:plc:author/ink.branchline.bud/3kq2z7xyz2baa',
  title: 'B',
  position: 2,
  author: { did: 'did:plc:author' },
  story: { rootUri: 'at://did:plc:author/ink.branchline.bud/3kq2z7xyz2raa', title: 'S' },
  childCount: 0,
  path: ['at://did:plc:author/ink.branchline.bud/3kq2z7xyz2raa', 'at://did:plc:author/ink.branchline.bud/3kq2z7xyz2baa'],
}

function setup(activeDid: string | null = 'did:plc:reader', placeUnknown?: (uri: string) => Promise<{ path: string[]; title: string } | undefined>) {
  const describe_ = vi.fn(async (url: string): Promise<PageState> => (url === BUD_URL ? { kind: 'bud', bud } : { kind: 'bud-missing', url }))
  const bookmark = vi.fn(async () => ({ kind: 'created' as const, budUri: bud.uri, undo: 'tok' }))
  const toasts: Array<[number, string, string | undefined]> = []
  const intents = { keep: vi.fn(async () => ({}) as never) }
  const gestures = createBookmarkGestures({
    budPages: { describe: describe_ },
    placeUnknown,
    service: { bookmark },
    activeDid: async () => activeDid,
    intents,
    openSignIn: async () => undefined,
    toaster: { show: async (tabId, text, undo) => (toasts.push([tabId, text, undo]), true) },
  })
  return { gestures, describe_, bookmark, toasts, intents }
}

describe('bookmark gestures (context menu, keyboard command)', () => {
  it('the link item bookmarks the right-clicked link’s bud, and the toast goes to the tab it was used in', async () => {
    const { gestures, bookmark, toasts } = setup()
    await gestures.onMenuClicked({ menuItemId: MENU_LINK, linkUrl: BUD_URL }, { id: 3, url: 'https://example.com/' })
    expect(bookmark).toHaveBeenCalledWith('did:plc:reader', bud.path, 'B')
    expect(toasts).toEqual([[3, 'Bookmarked.', 'tok']])
  })

  it('the page item and the command use the tab’s own URL', async () => {
    const { gestures, describe_ } = setup()
    await gestures.onMenuClicked({ menuItemId: MENU_PAGE, linkUrl: 'https://branchline.ink/bud/did:plc:x/3kq2z7xyz2xaa' }, { id: 3, url: BUD_URL })
    await gestures.onCommand(COMMAND_BOOKMARK, { id: 3, url: BUD_URL })
    expect(describe_.mock.calls.map((c) => c[0])).toEqual([BUD_URL, BUD_URL])
  })

  it.each([
    ['not a bud page', 'https://example.com/', /is not a Branchline bud page/],
    ['a bud Branchline does not know', 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2zaa', /no longer exists/],
  ])('%s: says so in the tab, writes nothing', async (_name, url, words) => {
    const { gestures, bookmark, toasts } = setup()
    await gestures.onCommand(COMMAND_BOOKMARK, { id: 4, url })
    expect(bookmark).not.toHaveBeenCalled()
    expect(toasts[0]![1]).toMatch(words)
  })

  it('a link to a bud the AppView does not know yet, but its author’s PDS has: placed from there and bookmarked', async () => {
    const fresh = 'at://did:plc:author/ink.branchline.bud/3kq2z7xyz2naa'
    const place = vi.fn(async (uri: string) => (uri === fresh ? { path: [bud.path[0]!, fresh], title: 'New' } : undefined))
    const { gestures, bookmark, toasts } = setup('did:plc:reader', place)
    await gestures.onMenuClicked({ menuItemId: MENU_LINK, linkUrl: 'https://branchline.ink/bud/did:plc:author/3kq2z7xyz2naa' }, { id: 3, url: 'https://example.com/' })
    expect(bookmark).toHaveBeenCalledWith('did:plc:reader', [bud.path[0], fresh], 'New')
    expect(toasts[0]![1]).toBe('Bookmarked.')
  })

  it('signed out: keeps an intent and says the bookmark will be saved after sign-in', async () => {
    const { gestures, intents, toasts } = setup(null)
    await gestures.onCommand(COMMAND_BOOKMARK, { id: 4, url: BUD_URL })
    expect(intents.keep).toHaveBeenCalledOnce()
    expect(toasts[0]![1]).toMatch(/Sign in to Tendril/)
  })

  it('ignores other menu items and commands', async () => {
    const { gestures, describe_ } = setup()
    await gestures.onMenuClicked({ menuItemId: 'someone-else' }, { id: 1, url: BUD_URL })
    await gestures.onCommand('_execute_action', { id: 1, url: BUD_URL })
    expect(describe_).not.toHaveBeenCalled()
  })

  it('menus: one on bud pages, one on links to buds', () => {
    const created: object[] = []
    createMenus({ removeAll: () => undefined, create: (p) => created.push(p) })
    expect(created).toEqual([
      { id: MENU_PAGE, title: 'Bookmark this bud', contexts: ['page'], documentUrlPatterns: ['https://branchline.ink/bud/*'] },
      { id: MENU_LINK, title: 'Bookmark the linked bud', contexts: ['link'], targetUrlPatterns: ['https://branchline.ink/bud/*'] },
    ])
  })
})

describe('the page toaster', () => {
  it('injects the toast script, then passes the words as arguments (never as code)', async () => {
    const calls: object[] = []
    const toaster = createPageToaster({ scripting: { executeScript: async (i) => void calls.push(i) } })
    expect(await toaster.show(5, 'Bookmarked.', 'tok')).toBe(true)
    expect(calls[0]).toEqual({ target: { tabId: 5 }, files: ['/toast.js'] })
    expect(calls[1]).toMatchObject({ target: { tabId: 5 }, args: ['Bookmarked.', 'tok'] })
  })

  it('a tab the browser keeps extensions out of: false, no throw', async () => {
    const toaster = createPageToaster({ scripting: { executeScript: async () => Promise.reject(new Error('Cannot access a chrome:// URL')) } })
    expect(await toaster.show(5, 'x')).toBe(false)
  })
})
