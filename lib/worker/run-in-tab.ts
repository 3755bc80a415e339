// Running one of Tendril's own scripts in a tab (`scripting`, Tendril's isolated world). The browser
// refuses where no extension may run (its own pages, the web store, a PDF viewer) or when the tab
// closed or moved on meanwhile: that is an answer (false), not an error, for every caller.

export interface ScriptingLike {
  executeScript(injection: { target: { tabId: number }; files?: string[]; func?: (...args: any[]) => unknown; args?: unknown[] }): Promise<unknown>
}

export type Injection = Parameters<ScriptingLike['executeScript']>[0]

/** True if every injection ran, in order; false at the first the browser refused. */
export async function runInTab(scripting: ScriptingLike, ...injections: Injection[]): Promise<boolean> {
  try {
    for (const injection of injections) await scripting.executeScript(injection)
    return true
  } catch {
    return false
  }
}
