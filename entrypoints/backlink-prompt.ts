import { createBacklinkPrompt } from '@/lib/backlinks/page-prompt'
import { sendToWorker } from '@/lib/messaging/send'

// Injected by the worker (lib/worker/prompt-injector.ts) into a source page's tab only when its
// verification found something to show, in Tendril's isolated world (the content script's): the
// backlink prompt (lib/backlinks/page-prompt.ts). Kept out of the content script, so the pages
// that cite nothing — nearly all of them — never load it. Nothing here is reachable from the page.
export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as { __tendrilBacklinkPrompt?: { refresh(): Promise<void>; stop(): void } }
  // Injected again after each in-app navigation that finds something: keep the first copy, which
  // knows what it drew, and have it look again.
  if (scope.__tendrilBacklinkPrompt) return void scope.__tendrilBacklinkPrompt.refresh()
  const prompt = createBacklinkPrompt({ doc: document, send: sendToWorker })
  scope.__tendrilBacklinkPrompt = prompt
  void prompt.refresh()
})
