import { browser } from 'wxt/browser'
import { createBranchlineClient } from '@/lib/appview/branchline-client'
import { getEndpoints } from '@/lib/config/endpoints'
import { createHandleResolver } from '@/lib/identity/resolve-handle'
import { createBudPageService } from '@/lib/pages/bud-page-service'
import { createTabStateStore } from '@/lib/tabs/tab-state-store'
import { showTabState } from '@/lib/worker/badge'
import { createHandlers } from '@/lib/worker/handlers'
import { createRouter } from '@/lib/worker/router'
import { classifySender } from '@/lib/worker/sender'

// Composition root: build the services, wire the listeners, nothing else. Listeners are registered
// synchronously so a woken worker receives the event that woke it.
export default defineBackground(() => {
  const endpoints = getEndpoints()
  const tabs = createTabStateStore({ area: browser.storage.session })
  const route = createRouter(
    createHandlers({
      endpoints,
      version: browser.runtime.getManifest().version,
      budPages: createBudPageService({
        branchline: createBranchlineClient({ baseUrl: endpoints.branchlineAppViewUrl }),
        resolveHandle: createHandleResolver({ serviceUrl: endpoints.handleResolverUrl }),
      }),
      tabs,
      onTabState: (state) => showTabState(browser.action, state),
    }),
  )
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') }

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, classifySender(sender, self)).then(sendResponse)
    return true // answer asynchronously
  })
  browser.tabs.onRemoved.addListener((tabId) => void tabs.forget(tabId))
})
