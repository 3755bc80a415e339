// Who sent a runtime message. Extension pages (popup, options) may ask anything; content scripts
// run inside pages Tendril does not control, so they may only report what they see. Messages from
// other extensions are refused outright.

export type SenderKind = 'extension-page' | 'content-script'

export interface SenderInfo {
  kind: SenderKind
  /** The tab a content script runs in, and that tab's URL as the browser (not the page) reports it. */
  tabId?: number
  tabUrl?: string
}

export interface MessageSenderLike {
  id?: string
  url?: string
  /** 0 for a tab's top frame. */
  frameId?: number
  tab?: { id?: number; url?: string }
}

export function classifySender(sender: MessageSenderLike, self: { id: string; origin: string }): SenderInfo | undefined {
  if (sender.id !== self.id) return undefined
  if (sender.tab) {
    if (sender.tab.id === undefined) return undefined
    // An extension page opened in a tab is still an extension page.
    if (sender.url?.startsWith(self.origin)) return { kind: 'extension-page', tabId: sender.tab.id }
    // Content scripts run in top frames only (no all_frames); a report from anywhere else is not
    // about the page the tab shows.
    if (sender.frameId !== undefined && sender.frameId !== 0) return undefined
    return { kind: 'content-script', tabId: sender.tab.id, tabUrl: sender.tab.url ?? sender.url }
  }
  if (sender.url?.startsWith(self.origin)) return { kind: 'extension-page' }
  return undefined
}
