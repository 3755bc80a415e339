import { toErrorInfo } from '../errors'
import type { PageState, TabState } from '../messages'
import type { BudPageService } from '../pages/bud-page-service'
import { parseBudPageUrl } from '../sites/branchline'
import type { TabStateStore } from './tab-state-store'
import { withoutFragment } from '../sites/url'

// Keeps what Tendril shows for a tab in step with the address the browser reports for it. Two
// sources say "this tab's address changed": the browser (tabs.onUpdated, which a page cannot
// silence) and the content script's report (which a page on the site can stop: it shares the DOM
// the content script listens on). Both land here; the tab's URL comes from the browser either way.
//
// A page can change its address as fast as it likes (pushState), so changes settle before any
// lookup — a burst is described once, for where it ended — and a description just made for the
// same address is reused (both sources usually report the same navigation).

/** How long an address must stay put before it is described. */
export const SETTLE_MS = 150
/** How long a description counts as current for a second report of the same address. */
export const FRESH_MS = 2_000

export interface TabFollowerDeps {
  budPages: BudPageService
  tabs: TabStateStore
  /** Called after a tab's state changes (badge, title); `null` when the tab shows nothing of ours. */
  onTabState?: (tabId: number, state: TabState | null) => void | Promise<void>
  now?: () => number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export { withoutFragment }

export function createTabFollower(deps: TabFollowerDeps) {
  const now = deps.now ?? Date.now
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  const clearTimer = deps.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
  const pending = new Map<number, { key: string; url: string; timer: unknown; waiters: Array<(state: TabState | null) => void> }>()
  const described = new Map<number, { key: string; at: number; result: Promise<TabState | null> }>()

  async function describe(tabId: number, url: string): Promise<TabState | null> {
    if (!parseBudPageUrl(url)) {
      // An in-app navigation away from a bud (home, about…): nothing to show for this tab.
      await deps.tabs.forget(tabId)
      await deps.onTabState?.(tabId, null)
      return null
    }
    let page: PageState
    try {
      page = await deps.budPages.describe(url)
    } catch (error) {
      page = { kind: 'error', url, error: toErrorInfo(error) }
    }
    const state = await deps.tabs.put(tabId, url, page)
    await deps.onTabState?.(tabId, state)
    return state
  }

  function settle(tabId: number) {
    const entry = pending.get(tabId)
    if (!entry) return
    pending.delete(tabId)
    const result = describe(tabId, entry.url).catch(() => null)
    described.set(tabId, { key: entry.key, at: now(), result })
    void result.then((state) => entry.waiters.forEach((resolve) => resolve(state)))
  }

  return {
    /** The tab's address is now `url` (as the browser reports it). Resolves with what Tendril shows
     * for the tab once the address has settled: a later change supersedes this one. */
    follow(tabId: number, url: string): Promise<TabState | null> {
      const key = withoutFragment(url)
      const last = described.get(tabId)
      const waiting = pending.get(tabId)
      if (!waiting && last && last.key === key && now() - last.at < FRESH_MS) return last.result
      return new Promise((resolve) => {
        if (waiting && waiting.key === key) {
          waiting.waiters.push(resolve)
          return
        }
        if (waiting) clearTimer(waiting.timer)
        const waiters = [...(waiting?.waiters ?? []), resolve]
        pending.set(tabId, { key, url, waiters, timer: setTimer(() => settle(tabId), SETTLE_MS) })
      })
    },
    /** The tab closed. */
    forget(tabId: number): void {
      const waiting = pending.get(tabId)
      if (waiting) clearTimer(waiting.timer)
      pending.delete(tabId)
      described.delete(tabId)
    },
  }
}

export type TabFollower = ReturnType<typeof createTabFollower>
