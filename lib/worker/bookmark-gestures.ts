import { COMMAND_BOOKMARK } from '../config/commands'
import type { BookmarkService } from '../bookmarks/bookmark-service'
import { keepUntilSignIn } from '../bookmarks/signed-out'
import { describeOutcome } from '../bookmarks/outcome-text'
import { describeError, NotABudPageError, SubjectNotFoundError } from '../errors'
import type { BookmarkReply } from '../messages'
import type { BudPageService } from '../pages/bud-page-service'
import { BRANCHLINE_HOST, parseBudPageUrl } from '../sites/branchline'
import type { Intents } from '../writes/intent'
import type { PageToaster } from './page-toast'

// Bookmarking from outside the page: the context menu ("Bookmark this bud" on a bud page, "Bookmark
// the linked bud" on any link to one, anywhere) and the keyboard command. The URL comes from the browser — the tab's
// address, or the link the reader right-clicked — and is parsed and resolved here (getBranch for
// its path, as for a page visit); the outcome is shown as a toast in that tab (lib/worker/page-toast.ts).

export { COMMAND_BOOKMARK }
export const MENU_PAGE = 'tendril-bookmark-page'
export const MENU_LINK = 'tendril-bookmark-link'
const BUD_PATTERN = `https://${BRANCHLINE_HOST}/bud/*`

export interface MenusLike {
  removeAll(): Promise<void> | void
  create(props: { id: string; title: string; contexts: ['page' | 'link']; documentUrlPatterns?: string[]; targetUrlPatterns?: string[] }): unknown
}

export interface Tab {
  id?: number
  url?: string
}

export interface GestureDeps {
  budPages: Pick<BudPageService, 'describe'>
  /** A bud the AppView does not know (yet): its path from its author's PDS, and its title. */
  placeUnknown?(uri: string): Promise<{ path: string[]; title: string } | undefined>
  service: Pick<BookmarkService, 'bookmark'>
  activeDid(): Promise<string | null>
  intents: Pick<Intents, 'keep'>
  openSignIn(): Promise<void>
  toaster: PageToaster
  changed?(): void
}

/** The menu items (created at install and update: Chromium keeps them across worker restarts).
 * Right-clicking a link to a bud on a bud page shows both: their titles say which bud each means. */
export function createMenus(menus: MenusLike): void {
  void menus.removeAll()
  menus.create({ id: MENU_PAGE, title: 'Bookmark this bud', contexts: ['page'], documentUrlPatterns: [BUD_PATTERN] })
  menus.create({ id: MENU_LINK, title: 'Bookmark the linked bud', contexts: ['link'], targetUrlPatterns: [BUD_PATTERN] })
}

export function createBookmarkGestures(deps: GestureDeps) {
  /** Bookmarks the bud at `url` (already the browser's word for it) and tells the reader in `tabId`. */
  async function bookmarkUrl(tabId: number | undefined, url: string | undefined): Promise<BookmarkReply | undefined> {
    let text: string
    let reply: BookmarkReply | undefined
    try {
      const ref = url ? parseBudPageUrl(url) : undefined
      if (!url || !ref) throw new NotABudPageError(url ? new URL(url).origin : 'This page')
      const state = await deps.budPages.describe(url).catch((error) => ({ kind: 'error' as const, error }))
      let bud: { uri: string; path: string[]; title: string }
      if (state.kind === 'bud') bud = state.bud
      else {
        // A link to a bud Branchline has not indexed yet (or while it is down): its author's PDS.
        const placed = ref.uri ? await deps.placeUnknown?.(ref.uri) : undefined
        if (!placed) throw state.kind === 'error' ? state.error : new SubjectNotFoundError()
        bud = { uri: ref.uri!, ...placed }
      }
      const did = await deps.activeDid()
      if (!did) {
        await keepUntilSignIn(deps, bud.path, bud.title)
        reply = { kind: 'signed-out', budUri: bud.uri }
      } else {
        reply = await deps.service.bookmark(did, bud.path, bud.title)
        deps.changed?.()
      }
      const words = describeOutcome(reply)
      text = words.text
      if (tabId !== undefined) await deps.toaster.show(tabId, text, words.undo)
      return reply
    } catch (error) {
      text = describeError(error)
      if (tabId !== undefined) await deps.toaster.show(tabId, text)
      return undefined
    }
  }

  return {
    bookmarkUrl,
    /** contextMenus.onClicked */
    onMenuClicked(info: { menuItemId: string | number; linkUrl?: string }, tab?: Tab): Promise<BookmarkReply | undefined> {
      const url = info.menuItemId === MENU_LINK ? info.linkUrl : info.menuItemId === MENU_PAGE ? tab?.url : undefined
      if (url === undefined && info.menuItemId !== MENU_LINK && info.menuItemId !== MENU_PAGE) return Promise.resolve(undefined)
      return bookmarkUrl(tab?.id, url)
    },
    /** commands.onCommand */
    onCommand(command: string, tab?: Tab): Promise<BookmarkReply | undefined> {
      if (command !== COMMAND_BOOKMARK) return Promise.resolve(undefined)
      return bookmarkUrl(tab?.id, tab?.url)
    },
  }
}
