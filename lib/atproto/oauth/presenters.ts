import type { SignInPresenter } from '../session-service'

// How the authorization page is shown. Both are owned by the worker: the toolbar popup closes as
// soon as the sign-in tab takes focus, so it cannot wait for anything.

export interface TabsLike {
  create(props: { url: string; active?: boolean }): Promise<{ id?: number }>
  remove(tabId: number): Promise<void>
}

/** Loopback client: a normal tab; its navigation to the loopback redirect is caught by the worker
 * (tabs.onUpdated, allowed by the `http://127.0.0.1/*` host permission). */
export function createTabPresenter(tabs: TabsLike): SignInPresenter {
  return {
    async present(url) {
      const tab = await tabs.create({ url: url.href, active: true })
      if (tab.id === undefined) throw new Error('the sign-in tab did not open')
      return { tabId: tab.id }
    },
    close: (tabId) => tabs.remove(tabId),
  }
}

export interface IdentityLike {
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>
}

/** Hosted client: Chrome's own auth window, which returns the chromiumapp.org redirect itself. */
export function createWebAuthFlowPresenter(identity: IdentityLike): SignInPresenter {
  return {
    async present(url) {
      const redirect = await identity.launchWebAuthFlow({ url: url.href, interactive: true })
      if (!redirect) throw new Error('the sign-in window closed')
      return { redirect: new URL(redirect) }
    },
  }
}
