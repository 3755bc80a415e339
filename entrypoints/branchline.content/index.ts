import { sendToWorker } from '@/lib/messaging/send'
import { readRenderedPath } from '@/lib/sites/branchline'

// On branchline.ink: tell the worker which bud the tab shows, now and after every in-app
// navigation (the site is a single-page app, so URL changes do not reload this script).
export default defineContentScript({
  matches: ['https://branchline.ink/*'],
  runAt: 'document_idle',
  main(ctx) {
    // Every page of the site is reported, bud or not, so leaving a bud in-app clears what the
    // popup shows for this tab.
    const report = () => {
      sendToWorker({ type: 'page.report', url: location.href, renderedPath: readRenderedPath(document) }).catch(
        // The worker may be restarting or the extension updated; the next navigation reports again.
        () => undefined,
      )
    }
    report()
    // WXT signals the change from the Navigation API's `navigate` event, which fires before the
    // URL changes: report once the navigation has committed.
    ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(report, 50))
  },
})
