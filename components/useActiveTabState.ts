import { useEffect, useState } from 'preact/hooks'
import { browser } from 'wxt/browser'
import { describeError } from '@/lib/errors'
import { sendToWorker } from '@/lib/messaging/send'
import type { TabState } from '@/lib/messages'

export type ActiveTabView =
  | { status: 'loading' }
  | { status: 'ready'; state: TabState | null }
  | { status: 'failed'; message: string }

/** What the worker knows about the tab the popup was opened over. */
export function useActiveTabState(): ActiveTabView {
  const [view, setView] = useState<ActiveTabView>({ status: 'loading' })
  useEffect(() => {
    let live = true
    ;(async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true })
      if (tab?.id === undefined) return null
      return sendToWorker({ type: 'tab.get', tabId: tab.id })
    })().then(
      (state) => live && setView({ status: 'ready', state }),
      (error) => live && setView({ status: 'failed', message: describeError(error) }),
    )
    return () => {
      live = false
    }
  }, [])
  return view
}
