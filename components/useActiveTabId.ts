import { useEffect, useState } from 'preact/hooks'
import { browser } from 'wxt/browser'

/** The id of the tab the popup was opened over: `null` until the browser says, `undefined` if it
 * has none (a window without tabs Tendril may see). */
export function useActiveTabId(): number | undefined | null {
  const [tabId, setTabId] = useState<number | undefined | null>(null)
  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(
      ([tab]) => setTabId(tab?.id),
      () => setTabId(undefined),
    )
  }, [])
  return tabId
}
