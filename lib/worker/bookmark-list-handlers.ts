import type { AccountStore } from '../accounts/account-store'
import type { BranchlineClient } from '../appview/branchline-client'
import { groupBookmarks, unknownBuds } from '../bookmarks/bookmark-list'
import type { BookmarkMirror } from '../bookmarks/bookmark-mirror'
import { RESYNC_AT_MOST_EVERY_MS } from '../bookmarks/bookmark-mirror'
import type { BookmarkService } from '../bookmarks/bookmark-service'
import { marksFor } from '../bookmarks/marks'
import type { BudPaths } from '../branchline/bud-paths'
import { describeError, NotABudPageError, UnauthorizedError } from '../errors'
import type { BudMark, BudSummary } from '../messages'
import { currentTabState } from '../tabs/current-state'
import type { TabFollower } from '../tabs/tab-follower'
import type { TabStateStore } from '../tabs/tab-state-store'
import type { Journal } from '../writes/journal'
import type { Handlers } from './router'

// The popup's side of bookmarks: the list (grouped by story, gone and edited buds marked), the
// current tab's bud with one button, and removing from the list. The tab's bud is derived from the
// tab's URL as the browser reports it, like everything else the worker acts on.

type ListHandlers = Pick<Handlers, 'bookmarks.list' | 'bookmarks.tab' | 'bookmarks.delete'>

export interface BookmarkListDeps {
  service: Pick<BookmarkService, 'placed' | 'bookmark' | 'remove'>
  mirror: Pick<BookmarkMirror, 'syncedAt' | 'sync' | 'progress' | 'skipped'>
  paths: Pick<BudPaths, 'facts' | 'note'>
  branchline: Pick<BranchlineClient, 'getBuds'>
  accounts: Pick<AccountStore, 'read'>
  journal: Pick<Journal, 'list'>
  follower: Pick<TabFollower, 'follow'>
  tabs: Pick<TabStateStore, 'get'>
  /** The tab's address as the browser reports it (undefined where Tendril has no access). */
  tabUrl(tabId: number): Promise<string | undefined>
  changed?(): void
  now?: () => number
}

export function createBookmarkListHandlers(deps: BookmarkListDeps): ListHandlers {
  const now = deps.now ?? Date.now
  const activeDid = async () => (await deps.accounts.read()).activeDid

  async function budOfTab(tabId: number): Promise<BudSummary | null> {
    const url = await deps.tabUrl(tabId).catch(() => undefined)
    if (!url) return null
    const state = await currentTabState(deps, tabId, url)
    return state?.page.kind === 'bud' ? state.page.bud : null
  }

  return {
    async 'bookmarks.list'(request) {
      const bud = request.tabId === undefined ? null : await budOfTab(request.tabId)
      const did = await activeDid()
      if (!did) return { signedIn: false, current: bud ? { uri: bud.uri, position: bud.position, state: 'none' } : null }
      // Opening the popup looks again (at most once a minute); the list shows what is known meanwhile.
      const at = await deps.mirror.syncedAt(did)
      if (at === undefined || now() - at > RESYNC_AT_MOST_EVERY_MS) void deps.mirror.sync(did).catch(() => undefined)
      const progress = deps.mirror.progress(did)
      if (at === undefined) return { signedIn: true, syncing: { read: progress?.read ?? 0 }, stories: [], gone: [], skipped: 0, current: null }
      const skipped = await deps.mirror.skipped(did)
      const unsettled = await deps.journal.list(did)
      let current: BudMark | null = null
      try {
        // One read of the account's bookmarks serves both the list and the tab's bud.
        const placed = await deps.service.placed(did, unsettled)
        if (bud) current = marksFor(bud.path, placed).at(-1) ?? null
        let facts = await deps.paths.facts([...new Set(placed.flatMap((b) => (b.path ? [b.subject.uri, b.path[0]!] : [])))])
        const missing = unknownBuds(placed, (uri) => facts.get(uri))
        if (missing.length) {
          await deps.paths.note(await deps.branchline.getBuds(missing))
          facts = await deps.paths.facts([...new Set([...facts.keys(), ...missing])])
        }
        const { stories, gone } = groupBookmarks(placed, (uri) => facts.get(uri))
        return { signedIn: true, syncing: progress ? { read: progress.read } : null, stories, gone, skipped, current }
      } catch (error) {
        return { signedIn: true, syncing: progress ? { read: progress.read } : null, stories: [], gone: [], skipped, current, error: describeError(error) }
      }
    },

    async 'bookmarks.tab'(request) {
      const bud = await budOfTab(request.tabId)
      if (!bud) throw new NotABudPageError('This tab')
      const did = await activeDid()
      if (!did) throw new UnauthorizedError()
      const outcome = request.action === 'remove' ? await deps.service.remove(did, bud.uri, bud.title) : await deps.service.bookmark(did, bud.path, bud.title)
      deps.changed?.()
      return outcome
    },

    async 'bookmarks.delete'(request) {
      const did = await activeDid()
      if (!did) throw new UnauthorizedError()
      const outcome = await deps.service.remove(did, { rkey: request.rkey }, 'this bud')
      deps.changed?.()
      return outcome
    },
  }
}
