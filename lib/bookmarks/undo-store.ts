import type { UndoRecord, UndoStore } from './bookmark-service'

// Undos offered by toasts, by token, in browser.storage.session: it outlives a worker stop (the
// toast may still be on screen) but not the browser, and content scripts cannot read it (its
// default access level is trusted contexts only). Takes are serialised, so a token is used once.

export interface SessionAreaLike {
  get(key: string): Promise<Record<string, unknown>>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

const KEY = (token: string) => `undo:${token}`

export function createUndoStore(area: SessionAreaLike): UndoStore {
  let queue: Promise<unknown> = Promise.resolve()
  return {
    async put(token, undo) {
      await area.set({ [KEY(token)]: undo })
    },
    take(token) {
      const next = queue.then(async () => {
        const found = (await area.get(KEY(token)))[KEY(token)] as UndoRecord | undefined
        if (found) await area.remove(KEY(token))
        return found
      })
      queue = next.catch(() => undefined)
      return next
    },
  }
}
