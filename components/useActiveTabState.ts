import { useEffect, useState } from 'preact/hooks'
import { browser } from 'wxt/browser'
import { describeError } from '@/lib/errors'
import { sendToWorker } from '@/lib/messaging/send'
import type { TabState } from '@/lib/messages'

export type ActiveTabView =
  | { status: 'loading'; tabId?: undefined }
  | { status: 'ready'; state: TabState | null; tabId?: number }
  | { status: 'failed'; message: string; tabId?: undefined }

/** What the worker knows about the tab the popup was opened over. */
export function useActiveTabState(): ActiveTabView {
  const [view, setView] = useState<ActiveTabView>({ status: 'loading' })
  useEffect(() => {
    let live = true
    ;(async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true })
      if (tab?.id === undefined) return { state: null, tabId: undefined }
      return { state: await sendToWorker({ type: 'tab.get', tabId: tab.id }), tabId: tab.id }
    })().then(
      ({ state, tabId }) => live && setView({ status: 'ready', state, tabId }),
      (error) => live && setView({ status: 'failed', message: describeError(error) }),
    )
    return () => {
      live = false
    }
  }, [])
  return view
}
