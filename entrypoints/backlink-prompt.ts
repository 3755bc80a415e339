import { createBacklinkPrompt } from '@/lib/backlinks/page-prompt'
import { sendToWorker } from '@/lib/messaging/send'

// The backlink prompt (lib/backlinks/page-prompt.ts), run by the worker (lib/worker/source-tabs.ts)
// in a Bluesky, WhiteWind or Leaflet tab only when its verification of the record the tab's address
// names found something to show — in Tendril's isolated world, out of the page's reach. No content
// script runs on these sites: a page that cites nothing runs no Tendril code at all.
//
// Once here, it follows the page's in-app navigations itself (bsky.app is a single-page app), so a
// prompt never outlives the post it was about: at each settled address change it asks the worker
// again, which answers from that address as the browser reports it.
const SETTLE_MS = 250
const POLL_MS = 1_000

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as { __tendrilBacklinkPrompt?: { refresh(): Promise<void>; stop(): void } }
  // Run again after an in-app navigation that finds something: keep the first copy, which knows
  // what it drew, and have it look again.
  if (scope.__tendrilBacklinkPrompt) return void scope.__tendrilBacklinkPrompt.refresh()
  const prompt = createBacklinkPrompt({ doc: document, send: sendToWorker })
  scope.__tendrilBacklinkPrompt = prompt
  void prompt.refresh()

  let seen = location.href
  let timer: ReturnType<typeof setTimeout> | undefined
  const moved = () => {
    if (location.href === seen) return
    seen = location.href
    clearTimeout(timer)
    timer = setTimeout(() => void prompt.refresh(), SETTLE_MS)
  }
  // The Navigation API where there is one (Chromium); elsewhere a look at the address every second.
  const navigation = (globalThis as unknown as { navigation?: EventTarget }).navigation
  if (navigation?.addEventListener) navigation.addEventListener('currententrychange', moved)
  else setInterval(moved, POLL_MS)
})
