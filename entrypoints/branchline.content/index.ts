import { sendToWorker } from '@/lib/messaging/send'

// On branchline.ink: tell the worker that the tab's page changed — at load and after each in-app
// navigation (the site is a single-page app, so URL changes do not reload this script). The message
// carries nothing: the worker reads the tab's URL from the browser, never from the page.
const SETTLE_MS = 50

export default defineContentScript({
  matches: ['https://branchline.ink/*'],
  runAt: 'document_idle',
  main(ctx) {
    let reported: string | undefined
    let timer: number | undefined
    const report = () => {
      // Only a real change of address is worth a report: a page can fire `wxt:locationchange` (or
      // pushState) as often as it likes, and each report costs the worker AppView requests.
      if (location.href === reported) return
      reported = location.href
      sendToWorker({ type: 'page.report' }).catch(
        // The worker may be restarting or the extension updated; the next navigation reports again.
        () => undefined,
      )
    }
    report()
    // WXT signals the change from the Navigation API's `navigate` event, which fires before the
    // URL changes: report once navigation has settled (a burst of changes gives one report).
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = ctx.setTimeout(report, SETTLE_MS)
    })
  },
})
