import type { SignInPresenter } from '../session-service'

// How the authorization page is shown. Both are owned by the worker: the toolbar popup closes as
// soon as the sign-in tab takes focus, so it cannot wait for anything.

export interface TabsLike {
  create(props: { url: string; active?: boolean }): Promise<{ id?: number }>
  update(tabId: number, props: { url: string }): Promise<unknown>
  remove(tabId: number): Promise<void>
  get(tabId: number): Promise<unknown>
}

/** Loopback client: a normal tab; its navigation to the loopback redirect is caught by the worker
 * (tabs.onUpdated, which reports that URL thanks to the host permission for the redirect's origin).
 * The tab opens blank and is recorded before it navigates, so a worker stopped in between cannot
 * lose track of it. */
export function createTabPresenter(tabs: TabsLike): SignInPresenter {
  return {
    flow: 'tab',
    async present(url, opened) {
      const tab = await tabs.create({ url: 'about:blank', active: true })
      if (tab.id === undefined) throw new Error('the sign-in tab did not open')
      try {
        await opened(tab.id)
      } catch (error) {
        await tabs.remove(tab.id).catch(() => undefined)
        throw error
      }
      await tabs.update(tab.id, { url: url.href })
      return { tabId: tab.id }
    },
    close: (tabId) => tabs.remove(tabId),
    exists: (tabId) => tabs.get(tabId).then(
      () => true,
      () => false,
    ),
  }
}

export interface IdentityLike {
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>
}

/** Hosted client: Chrome's own auth window, which returns the chromiumapp.org redirect itself. */
export function createWebAuthFlowPresenter(identity: IdentityLike): SignInPresenter {
  return {
    flow: 'window',
    async present(url) {
      const redirect = await identity.launchWebAuthFlow({ url: url.href, interactive: true })
      if (!redirect) throw new Error('the sign-in window closed')
      return { redirect: new URL(redirect) }
    },
  }
}
