import { createBudPageControls } from '@/lib/bookmarks/page-controls'
import { sendToWorker } from '@/lib/messaging/send'

// On branchline.ink: tell the worker that the tab's page changed — at load and after each in-app
// navigation (the site is a single-page app, so URL changes do not reload this script) — and draw
// the bookmark control beside each bud of the path (lib/bookmarks/page-controls.ts). The report
// carries nothing: the worker reads the tab's URL from the browser, never from the page, and it
// also follows the tab itself (tabs.onUpdated), settling bursts and reusing fresh descriptions — so
// a page that fires location-change events, or silences this script, changes nothing it looks up.
const SETTLE_MS = 50

export default defineContentScript({
  matches: ['https://branchline.ink/*'],
  runAt: 'document_idle',
  main(ctx) {
    const controls = createBudPageControls({ doc: document, send: sendToWorker })
    let timer: number | undefined
    const report = () => {
      sendToWorker({ type: 'page.report' }).then(
        () => controls.refresh(),
        // The worker may be restarting or the extension updated; the next navigation reports again.
        () => undefined,
      )
    }
    report()
    // WXT signals the change from the Navigation API's `navigate` event, which fires before the
    // URL changes: report once navigation has settled (one message for a burst of changes).
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = ctx.setTimeout(report, SETTLE_MS)
    })
    // Bookmarks change elsewhere too (the popup, another tab): look again when the reader returns.
    // Only the browser's own event counts: a page can fire this one as often as it likes.
    ctx.addEventListener(document, 'visibilitychange', (event) => {
      if (event.isTrusted && document.visibilityState === 'visible') void controls.refresh()
    })
    // An update or uninstall invalidates this script: take every control out of the page.
    ctx.onInvalidated(() => controls.stop())
  },
})
