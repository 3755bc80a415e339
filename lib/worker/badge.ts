import { decideBadge, TONE_COLORS, type BadgeFacts } from '../badge/badge-rule'
import type { TabState } from '../messages'

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
