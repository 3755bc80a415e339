import { browser } from 'wxt/browser'

// On the sites whose records cite eprints (Bluesky, WhiteWind, Leaflet): tell the worker the page
// changed — at load and after each in-app navigation (bsky.app is a single-page app). The message
// carries nothing: the worker reads the tab's URL from the browser and the record from its
// author's PDS, never from this page, and injects the prompt (entrypoints/backlink-prompt.ts) only
// when there is something to show. This script reads no link, heading or head tag, so a page's
// size costs it nothing, and it holds no UI code: nearly every page cites nothing.
const SETTLE_MS = 50

type Prompt = { refresh(): Promise<void>; stop(): void }
const prompt = () => (globalThis as unknown as { __tendrilBacklinkPrompt?: Prompt }).__tendrilBacklinkPrompt

export default defineContentScript({
  matches: ['https://bsky.app/*', 'https://whtwnd.com/*', 'https://leaflet.pub/*'],
  runAt: 'document_idle',
  main(ctx) {
    let timer: number | undefined
    const look = () =>
      (browser.runtime.sendMessage({ type: 'backlinks.prompt' }) as Promise<{ ok: boolean; value?: boolean } | undefined>).then(
        // Nothing to show here (any more): a prompt drawn for the previous address goes.
        (reply) => void (reply?.ok && reply.value ? undefined : prompt()?.refresh()),
        // The worker may be restarting or the extension updated; the next navigation asks again.
        () => undefined,
      )
    void look()
    ctx.addEventListener(window, 'wxt:locationchange', () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = ctx.setTimeout(() => void look(), SETTLE_MS)
    })
    ctx.onInvalidated(() => prompt()?.stop())
  },
})
