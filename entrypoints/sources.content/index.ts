import { createBacklinkPrompt } from '@/lib/backlinks/page-prompt'
import { sendToWorker } from '@/lib/messaging/send'

// On the sites whose records cite eprints (Bluesky, WhiteWind, Leaflet): ask the worker what this
// page offers — at load and after each in-app navigation (bsky.app is a single-page app) — and draw
// the backlink prompt (lib/backlinks/page-prompt.ts). The question carries nothing: the worker reads
// the tab's URL from the browser and the record from its author's PDS, never from this page. It
// reads no link, heading or head tag of the page, so a page's size costs it nothing.
const SETTLE_MS = 50

export default defineContentScript({
  matches: ['https://bsky.app/*', 'https://whtwnd.com/*', 'https://leaflet.pub/*'],
  runAt: 'document_idle',
  main(ctx) {
    const prompt = createBacklinkPrompt({ doc: document, send: sendToWorker })
    let timer: number | undefined
    void prompt.refresh()
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = ctx.setTimeout(() => void prompt.refresh(), SETTLE_MS)
    })
    ctx.onInvalidated(() => prompt.stop())
  },
})
