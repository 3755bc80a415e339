import type { AccountStore } from '../accounts/account-store'
import type { BookmarkService } from '../bookmarks/bookmark-service'
import { keepUntilSignIn } from '../bookmarks/signed-out'
import { NotABudPageError, NotOnThisPageError, UndoExpiredError } from '../errors'
import type { BudMark, BudSummary } from '../messages'
import { currentTabState } from '../tabs/current-state'
import type { TabFollower } from '../tabs/tab-follower'
import type { TabStateStore } from '../tabs/tab-state-store'
import type { Intents } from '../writes/intent'
import type { Journal } from '../writes/journal'
import type { Handlers } from './router'
import type { SenderInfo } from './sender'

type BookmarkHandlers = Pick<Handlers, 'bookmarks.marks' | 'bookmarks.bookmark' | 'bookmarks.remove' | 'bookmarks.undo'>

export interface BookmarkHandlerDeps {
  service: BookmarkService
  accounts: Pick<AccountStore, 'read'>
  journal: Pick<Journal, 'list'>
  follower: Pick<TabFollower, 'follow'>
  tabs: Pick<TabStateStore, 'get'>
  intents: Pick<Intents, 'keep'>
  /** Takes the reader to Tendril's own sign-in (a page can never start one). */
  openSignIn(): Promise<void>
  /** A bookmark state changed: redraw what shows it (badge, other tabs). */
  changed?(): void
  /** The bookmark state of the bud a tab shows is known (the toolbar badge). */
  tabBookmark?(tabId: number, url: string, fact: 'bookmarked' | 'not-bookmarked'): void
}

export function createBookmarkHandlers(deps: BookmarkHandlerDeps): BookmarkHandlers {
  /** The bud the sender's tab shows, as the worker itself derived it from the tab's URL. */
  async function budOfTab(sender: SenderInfo): Promise<BudSummary> {
    const url = sender.tabUrl
    if (sender.tabId === undefined || !url) throw new NotABudPageError('This page')
    const state = await currentTabState(deps, sender.tabId, url)
    if (state?.page.kind !== 'bud') throw new NotABudPageError(url)
    return state.page.bud
  }

  /** The path to the bud a page's control names — only if it lies on the tab's own path. */
  async function pathTo(sender: SenderInfo, budUri: string): Promise<{ path: string[]; title: string }> {
    const bud = await budOfTab(sender)
    const at = bud.path.indexOf(budUri)
    if (at < 0) throw new NotOnThisPageError()
    return { path: bud.path.slice(0, at + 1), title: budUri === bud.uri ? bud.title : `bud ${at + 1} of “${bud.story.title}”` }
  }

  const activeDid = async () => (await deps.accounts.read()).activeDid

  return {
    async 'bookmarks.marks'(_request, sender) {
      const bud = await budOfTab(sender).catch(() => null)
      if (!bud) return null
      const none = bud.path.map((uri, i) => ({ uri, position: i + 1, state: 'none' as const }))
      const did = await activeDid()
      if (!did) return { signedIn: false, marks: none }
      // The account's server unreachable or its session ended: the controls are still drawn, and a
      // click says what is wrong in words (the decision reads the bookmarks again).
      let marks: BudMark[]
      try {
        marks = await deps.service.marks(did, bud.path, await deps.journal.list(did))
      } catch {
        return { signedIn: true, marks: none }
      }
      const own = marks[marks.length - 1]
      if (sender.tabId !== undefined && sender.tabUrl) deps.tabBookmark?.(sender.tabId, sender.tabUrl, own?.state === 'bookmarked' ? 'bookmarked' : 'not-bookmarked')
      return { signedIn: true, marks }
    },

    async 'bookmarks.bookmark'(request, sender) {
      const { path, title } = await pathTo(sender, request.budUri)
      const did = await activeDid()
      if (!did) {
        await keepUntilSignIn(deps, path, title)
        return { kind: 'signed-out', budUri: request.budUri }
      }
      const outcome = await deps.service.bookmark(did, path, title)
      deps.changed?.()
      return outcome
    },

    async 'bookmarks.remove'(request, sender) {
      const { title } = await pathTo(sender, request.budUri)
      const did = await activeDid()
      if (!did) return { kind: 'signed-out', budUri: request.budUri }
      const outcome = await deps.service.remove(did, request.budUri, title)
      deps.changed?.()
      return outcome
    },

    async 'bookmarks.undo'(request) {
      const done = await deps.service.undo(request.token)
      if (!done) throw new UndoExpiredError()
      deps.changed?.()
      return done.outcome
    },
  }
}
