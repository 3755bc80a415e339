// Shows a toast in a tab from the worker, after a gesture that did not start in the page: a
// context-menu click or a keyboard command. That gesture grants `activeTab` for the tab, which
// lets `scripting` run Tendril's toast script (entrypoints/toast.ts, the same in-page shell) in
// Tendril's isolated world there — on any site, with no host permission. Branchline pages are
// covered by the host permission as well. The text is passed as an argument (structured clone),
// never as code, and rendered as text.

import { runInTab, type ScriptingLike } from './run-in-tab'

export const TOAST_SCRIPT = '/toast.js'

/** Runs in the page's isolated world (serialised by the browser: it may use nothing from here). */
function callToast(text: string, undo: string | null): void {
  ;(globalThis as unknown as { __tendrilToast?: (t: string, u: string | null) => void }).__tendrilToast?.(text, undo)
}

export function createPageToaster(deps: { scripting: ScriptingLike }) {
  return {
    /** True if the toast was shown; false where the browser lets no extension in (its own pages,
     * the web store, a PDF viewer): the popup still shows the outcome. */
    show(tabId: number, text: string, undo?: string): Promise<boolean> {
      return runInTab(
        deps.scripting,
        { target: { tabId }, files: [TOAST_SCRIPT] },
        { target: { tabId }, func: callToast, args: [text, undo ?? null] },
      )
    },
  }
}

export type PageToaster = ReturnType<typeof createPageToaster>
