import { describe, expect, it } from 'vitest'
import { createTabStateStore, type SessionArea } from '../../../lib/tabs/tab-state-store'

function memoryArea(): SessionArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>()
  return {
    data,
    async get(key) {
      return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {}
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v))
    },
    async remove(key) {
      data.delete(key)
    },
  }
}

describe('createTabStateStore', () => {
  it('keeps one state per tab and forgets closed tabs', async () => {
    const area = memoryArea()
    const store = createTabStateStore({ area, now: () => new Date('2026-11-23T12:00:00Z') })
    await store.put(1, 'https://branchline.ink/bud/a/b', { kind: 'bud-missing', url: 'https://branchline.ink/bud/a/b' })
    await store.put(2, 'https://branchline.ink/bud/a/c', { kind: 'bud-missing', url: 'https://branchline.ink/bud/a/c' })
    expect(await store.get(1)).toEqual({
      tabId: 1,
      url: 'https://branchline.ink/bud/a/b',
      page: { kind: 'bud-missing', url: 'https://branchline.ink/bud/a/b' },
      updatedAt: '2026-11-23T12:00:00.000Z',
    })
    await store.forget(1)
    expect(await store.get(1)).toBeNull()
    expect((await store.get(2))?.url).toBe('https://branchline.ink/bud/a/c')
  })
})
