import { sendToWorker } from '@/lib/messaging/send'
import { parseBudPageUrl, readRenderedPath } from '@/lib/sites/branchline'

// On branchline.ink: tell the worker which bud the tab shows, now and after every in-app
// navigation (the site is a single-page app, so URL changes do not reload this script).
export default defineContentScript({
  matches: ['https://branchline.ink/*'],
  runAt: 'document_idle',
  main(ctx) {
    const report = () => {
      if (!parseBudPageUrl(location.href)) return
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
