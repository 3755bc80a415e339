import type { Endpoints } from '../config/endpoints'
import { toErrorInfo } from '../errors'
import type { PageState, TabState } from '../messages'
import type { BudPageService } from '../pages/bud-page-service'
import { parseBudPageUrl } from '../sites/branchline'
import type { TabStateStore } from '../tabs/tab-state-store'
import type { Handlers } from './router'

type PageHandlers = Pick<Handlers, 'ping' | 'page.report' | 'tab.get'>

export interface PageHandlerDeps {
  endpoints: Endpoints
  version: string
  budPages: BudPageService
  tabs: TabStateStore
  /** Called after a tab's state changes (badge, title); `null` when the tab shows nothing of ours. */
  onTabState?: (tabId: number, state: TabState | null) => void | Promise<void>
  /** The tab's current URL as the browser knows it: undefined for sites Tendril has no access to. */
  currentUrl?: (tabId: number) => Promise<string | undefined>
}

const withoutFragment = (url: string) => url.split('#')[0]

export function createPageHandlers(deps: PageHandlerDeps): PageHandlers {
  return {
    async ping() {
      return { buildTarget: deps.endpoints.buildTarget, version: deps.version }
    },

    async 'page.report'(_request, sender) {
      // The page's own claims (its URL string, its rendered path) are hints at most: the browser's
      // record of the sender's URL decides which bud this is.
      const url = sender.tabUrl
      if (sender.tabId === undefined || !url) throw new Error('content script without a tab')
      if (!parseBudPageUrl(url)) {
        // An in-app navigation away from a bud (home, about…): nothing to show for this tab.
        await deps.tabs.forget(sender.tabId)
        await deps.onTabState?.(sender.tabId, null)
        return null
      }
      let page: PageState
      try {
        page = await deps.budPages.describe(url)
      } catch (error) {
        page = { kind: 'error', url, error: toErrorInfo(error) }
      }
      const state = await deps.tabs.put(sender.tabId, url, page)
      await deps.onTabState?.(sender.tabId, state)
      return state
    },

    async 'tab.get'(request) {
      const state = await deps.tabs.get(request.tabId)
      if (!state || !deps.currentUrl) return state
      // The tab may have moved on (to a site Tendril cannot see, or another page) since it was
      // described: never show a stale bud.
      const now = await deps.currentUrl(request.tabId).catch(() => undefined)
      return now !== undefined && withoutFragment(now) === withoutFragment(state.url) ? state : null
    },
  }
}
