import { describeOutcome } from '@/lib/bookmarks/outcome-text'
import { describeError } from '@/lib/errors'
import { sendToWorker } from '@/lib/messaging/send'
import { showToast } from '@/lib/shell/toast'

// Injected by the worker (lib/worker/page-toast.ts) into the tab where a context-menu click or a
// keyboard command happened, in Tendril's isolated world: it defines the function the worker then
// calls with the outcome's words. Nothing here is reachable from the page's own scripts.
export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as { __tendrilToast?: (text: string, undo: string | null) => void }
  // Injected again for every outcome: keep the first copy, which knows the toast on screen.
  if (scope.__tendrilToast) return
  const undoThen = (token: string) => () =>
    void sendToWorker({ type: 'bookmarks.undo', token }).then(
      (reply) => void showToast(document, { text: describeOutcome(reply).text }),
      (error) => void showToast(document, { text: describeError(error) }),
    )
  scope.__tendrilToast = (text, undo) =>
    void showToast(document, { text, action: undo ? { label: 'Undo', run: undoThen(undo) } : undefined })
})
