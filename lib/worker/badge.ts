import { decideBadge, TONE_COLORS, type BadgeFacts, type BookmarkFact } from '../badge/badge-rule'
import type { TabState } from '../messages'
import { withoutFragment } from '../tabs/tab-follower'

export interface ActionLike {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>
  setTitle(details: { tabId: number; title: string }): Promise<void>
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>
}

/** Draws the toolbar button of a tab as lib/badge/badge-rule.ts decides. Until the write journal
 * and backlink suggestions exist, the facts are the tab's page alone. */
export async function showTabState(action: ActionLike, tabId: number, state: TabState | null, more: Partial<BadgeFacts> = {}): Promise<void> {
  const badge = decideBadge({ failedWrites: 0, suggestions: 0, page: state?.page ?? null, ...more })
  await action.setTitle({ tabId, title: badge.title })
  if (badge.tone !== 'none') await action.setBadgeBackgroundColor({ tabId, color: TONE_COLORS[badge.tone] })
  await action.setBadgeText({ tabId, text: badge.text })
}

/**
 * Keeps every tab's button in step with the write journal: one tab when what Tendril sees on it
 * changes, every tab when the journal changed (failed writes outrank everything, on every tab). The
 * failed count is read once per journal change, not on every tab update, and a burst of changes
 * redraws once.
 */
export function createBadgePainter(deps: {
  action: ActionLike
  tabIds: () => Promise<number[]>
  tabState: (tabId: number) => Promise<TabState | null>
  failedWrites: () => Promise<number>
  /** How long a burst of journal changes is gathered before redrawing. */
  settleMs?: number
}) {
  let failed: Promise<number> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  /** This tab's bud's bookmark state, as the worker last worked it out for the tab's page. */
  const bookmarks = new Map<number, { url: string; fact: BookmarkFact }>()
  /** Backlinks this tab's source page offers, as the worker last verified them for `url`. */
  const suggestions = new Map<number, { url: string; count: number }>()
  const failedCount = () => (failed ??= deps.failedWrites().catch(() => 0))
  const drawTab = async (tabId: number, stored: TabState | null, url?: string) => {
    // A description of another address (the tab left Branchline for a source page) says nothing now.
    const state = stored && url !== undefined && withoutFragment(stored.url) !== withoutFragment(url) ? null : stored
    const known = bookmarks.get(tabId)
    const bookmark = known && state && withoutFragment(known.url) === withoutFragment(state.url) ? known.fact : undefined
    // A source page has no TabState (that is Branchline's); its address is the one it was verified at.
    const offered = suggestions.get(tabId)
    const here = url ?? state?.url
    const count = offered && here !== undefined && withoutFragment(offered.url) === withoutFragment(here) ? offered.count : 0
    return showTabState(deps.action, tabId, state, { failedWrites: await failedCount(), suggestions: count, ...(bookmark ? { bookmark } : {}) })
  }
  const drawAll = async () => {
    for (const tabId of await deps.tabIds()) await drawTab(tabId, await deps.tabState(tabId), suggestions.get(tabId)?.url)
  }
  return {
    /** What Tendril sees on `tabId` changed. */
    drawTab,
    /** The bookmark state of the bud `tabId` shows (at `url`) is now known; a later address drops it. */
    async bookmarkState(tabId: number, url: string, fact: BookmarkFact): Promise<void> {
      bookmarks.set(tabId, { url, fact })
      await drawTab(tabId, await deps.tabState(tabId))
    },
    /** `tabId`, showing the source page at `url`, offers `count` verified backlinks. */
    async suggestionsState(tabId: number, url: string, count: number): Promise<void> {
      if (count > 0) suggestions.set(tabId, { url, count })
      else suggestions.delete(tabId)
      await drawTab(tabId, await deps.tabState(tabId), url)
    },
    /** `tabId` now shows `url` (the browser's word): suggestions verified for another address go. */
    navigated(tabId: number, url: string): void {
      const offered = suggestions.get(tabId)
      if (offered && withoutFragment(offered.url) !== withoutFragment(url)) suggestions.delete(tabId)
    },
    forget(tabId: number): void {
      bookmarks.delete(tabId)
      suggestions.delete(tabId)
    },
    /** The journal changed: count again, then redraw every tab once the burst is over. */
    journalChanged(): void {
      failed = undefined
      clearTimeout(timer)
      timer = setTimeout(() => void drawAll().catch(() => undefined), deps.settleMs ?? 200)
    },
  }
}
