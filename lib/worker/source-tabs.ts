import { promptWanted } from '../backlinks/prompt-wanted'
import { offeredCount } from '../backlinks/source-pages'
import type { SourcePageView } from '../backlinks/views'
import { isSourceSiteUrl } from '../sites'

// Tabs on the sites whose records cite eprints (Bluesky, WhiteWind, Leaflet), followed by the worker
// alone: no content script runs there. The browser reports each tab's address (tabs.onUpdated, with
// the host access Tendril has for these sites; bsky.app's in-app navigations included) and the
// worker looks at the record that address names. Only when its verification found something to
// show does it run the prompt's script in that tab — so a page that cites nothing (nearly every
// page) runs no Tendril code at all, and a page cannot make Tendril look at anything but its own
// address. A burst of address changes (a page pushing addresses in a loop) is looked at once, at
// its end.

/** Long enough for a burst a page makes in one go (its address changes arrive within a few ms of
 * each other), short enough not to hold the prompt back noticeably. A finished load is settled
 * too: a page can finish loading in the middle of its own burst (the hostile page
 * `source-pushstate-storm` caught an earlier version that looked at once, at a post the burst
 * passed through). */
export const SETTLE_MS = 150

export interface SourceTabsDeps {
  /** The tab's address now, as the browser reports it (undefined: gone, or not Tendril's to see). */
  currentUrl(tabId: number): Promise<string | undefined>
  view(url: string): Promise<SourcePageView | null>
  /** How many backlinks the tab at `url` offers (the toolbar badge). */
  suggestions(tabId: number, url: string, count: number): void
  /** Runs the prompt's script in the tab (lib/worker/prompt-injector.ts). */
  showPrompt(tabId: number): Promise<boolean>
  settleMs?: number
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

export function createSourceTabs(deps: SourceTabsDeps) {
  const setTimer = deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  const clearTimer = deps.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>))
  const timers = new Map<number, unknown>()

  /** Looks at the tab now: the badge, the reader's own backlink if they chose "Always" (in
   * source-pages), and the prompt if there is something to show. */
  async function look(tabId: number): Promise<boolean> {
    const url = await deps.currentUrl(tabId).catch(() => undefined)
    if (!url || !isSourceSiteUrl(url)) return false
    const view = await deps.view(url).catch(() => null)
    deps.suggestions(tabId, url, offeredCount(view))
    return promptWanted(view) ? deps.showPrompt(tabId) : false
  }

  return {
    look,
    /** The browser says `tabId`'s address changed or its page finished loading: look once the
     * burst is over. */
    changed(tabId: number): void {
      if (timers.has(tabId)) clearTimer(timers.get(tabId))
      timers.set(
        tabId,
        setTimer(() => {
          timers.delete(tabId)
          void look(tabId)
        }, deps.settleMs ?? SETTLE_MS),
      )
    },
    forget(tabId: number): void {
      if (timers.has(tabId)) clearTimer(timers.get(tabId))
      timers.delete(tabId)
    },
  }
}

export type SourceTabs = ReturnType<typeof createSourceTabs>
