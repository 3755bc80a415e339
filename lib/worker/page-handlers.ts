import type { Endpoints } from '../config/endpoints'
import { toErrorInfo } from '../errors'
import type { PageState, TabState } from '../messages'
import type { BudPageService } from '../pages/bud-page-service'
import type { TabStateStore } from '../tabs/tab-state-store'
import type { Handlers } from './router'

type PageHandlers = Pick<Handlers, 'ping' | 'page.report' | 'tab.get'>

export interface PageHandlerDeps {
  endpoints: Endpoints
  version: string
  budPages: BudPageService
  tabs: TabStateStore
  /** Called after a tab's state changes (badge, title). */
  onTabState?: (state: TabState) => void | Promise<void>
}

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
      let page: PageState
      try {
        page = await deps.budPages.describe(url)
      } catch (error) {
        page = { kind: 'error', url, error: toErrorInfo(error) }
      }
      const state = await deps.tabs.put(sender.tabId, url, page)
      await deps.onTabState?.(state)
      return state
    },

    async 'tab.get'(request) {
      return deps.tabs.get(request.tabId)
    },
  }
}
