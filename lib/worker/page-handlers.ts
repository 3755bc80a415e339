import type { Endpoints } from '../config/endpoints'
import { withoutFragment, type TabFollower } from '../tabs/tab-follower'
import type { TabStateStore } from '../tabs/tab-state-store'
import type { Handlers } from './router'

type PageHandlers = Pick<Handlers, 'ping' | 'page.report' | 'tab.get'>

export interface PageHandlerDeps {
  endpoints: Endpoints
  version: string
  follower: TabFollower
  tabs: TabStateStore
  /** The tab's current URL as the browser knows it: undefined for sites Tendril has no access to. */
  currentUrl?: (tabId: number) => Promise<string | undefined>
}

export function createPageHandlers(deps: PageHandlerDeps): PageHandlers {
  return {
    async ping() {
      return { buildTarget: deps.endpoints.buildTarget, version: deps.version }
    },

    async 'page.report'(_request, sender) {
      // The report says only "my page changed": the browser's record of the sender's URL decides
      // which bud this is.
      const url = sender.tabUrl
      if (sender.tabId === undefined || !url) throw new Error('content script without a tab')
      return deps.follower.follow(sender.tabId, url)
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
