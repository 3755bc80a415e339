import type { PageState, TabState } from '../messages'

// What Tendril knows about each open tab, kept in storage.session so it survives the worker being
// stopped (MV3 workers are stopped after ~30 s idle) but not a browser restart.

export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

const keyFor = (tabId: number) => `tab:${tabId}`

export function createTabStateStore(deps: { area: SessionArea; now?: () => Date }) {
  const now = deps.now ?? (() => new Date())
  return {
    async get(tabId: number): Promise<TabState | null> {
      const key = keyFor(tabId)
      return ((await deps.area.get(key))[key] as TabState | undefined) ?? null
    },
    async put(tabId: number, url: string, page: PageState): Promise<TabState> {
      const state: TabState = { tabId, url, page, updatedAt: now().toISOString() }
      await deps.area.set({ [keyFor(tabId)]: state })
      return state
    },
    async forget(tabId: number): Promise<void> {
      await deps.area.remove(keyFor(tabId))
    },
  }
}

export type TabStateStore = ReturnType<typeof createTabStateStore>
