import type { TabState } from '../messages'

export interface ActionLike {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>
  setTitle(details: { tabId: number; title: string }): Promise<void>
}

/** The toolbar button says what Tendril sees on the tab, so the popup is never a surprise. */
export async function showTabState(action: ActionLike, tabId: number, state: TabState | null): Promise<void> {
  if (!state) {
    await action.setTitle({ tabId, title: 'Tendril' })
    await action.setBadgeText({ tabId, text: '' })
    return
  }
  const { page } = state
  const title =
    page.kind === 'bud'
      ? `Tendril — “${page.bud.title}” (bud ${page.bud.position} of “${page.bud.story.title}”)`
      : page.kind === 'bud-missing'
        ? 'Tendril — this bud is not on Branchline (yet)'
        : `Tendril — ${page.error.message}`
  await action.setTitle({ tabId, title })
  await action.setBadgeText({ tabId, text: page.kind === 'bud' ? 'bud' : '' })
}
