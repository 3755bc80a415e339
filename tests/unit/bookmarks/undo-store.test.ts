import { describe, expect, it } from 'vitest'
import type { UndoRecord } from '../../../lib/bookmarks/bookmark-service'
import { createUndoStore } from '../../../lib/bookmarks/undo-store'

function area() {
  const data = new Map<string, unknown>()
  return {
    data,
    get: async (key: string) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items: Record<string, unknown>) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key: string) => void data.delete(key),
  }
}
const undo: UndoRecord = { did: 'did:plc:reader', label: 'Undo', ops: [], expiresAt: 1 }

describe('the undo store', () => {
  it('gives an undo back once, even to two takes at the same moment', async () => {
    const store = createUndoStore(area())
    await store.put('t1', undo)
    const [a, b] = await Promise.all([store.take('t1'), store.take('t1')])
    expect([a, b].filter(Boolean)).toEqual([undo])
  })
  it('an unknown token gives nothing', async () => {
    expect(await createUndoStore(area()).take('nope')).toBeUndefined()
  })
})
