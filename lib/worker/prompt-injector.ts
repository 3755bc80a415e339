import { runInTab, type ScriptingLike } from './run-in-tab'

// Draws the backlink prompt in a source page's tab: runs Tendril's prompt script
// (entrypoints/backlink-prompt.ts) in Tendril's isolated world there, with the host permission
// Tendril has for the source sites. Only the worker decides when: after its own verification found
// something to show for the tab's address (lib/worker/source-tabs.ts).

export const PROMPT_SCRIPT = '/backlink-prompt.js'

export function createPromptInjector(deps: { scripting: ScriptingLike }) {
  return {
    /** True if the script ran; false where the browser did not let it (the tab moved on, closed). */
    show: (tabId: number): Promise<boolean> => runInTab(deps.scripting, { target: { tabId }, files: [PROMPT_SCRIPT] }),
  }
}
