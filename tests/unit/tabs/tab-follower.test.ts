import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PageState, TabState } from '../../../lib/messages'
import type { BudPageService } from '../../../lib/pages/bud-page-service'
import { createTabFollower, FRESH_MS, SETTLE_MS } from '../../../lib/tabs/tab-follower'
import { createTabStateStore } from '../../../lib/tabs/tab-state-store'

const bud = (rkey: string) => `https://branchline.ink/bud/did:plc:ada/${rkey}`

function setup() {
  const data = new Map<string, unknown>()
  const tabs = createTabStateStore({
    area: {
      get: async (k) => (data.has(k) ? { [k]: data.get(k) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
      remove: async (k) => void data.delete(k),
    },
  })
  const describe = vi.fn(async (url: string): Promise<PageState> => ({ kind: 'bud-missing', url }))
  const shown: Array<[number, TabState | null]> = []
  const follower = createTabFollower({
    budPages: { describe } as unknown as BudPageService,
    tabs,
    onTabState: (tabId, state) => void shown.push([tabId, state]),
  })
  return { follower, describe, shown, tabs }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('following a tab’s address', () => {
  it('a burst of address changes (a page pushState-ing) is described once, where it ended', async () => {
    const { follower, describe } = setup()
    const results = Array.from({ length: 300 }, (_, i) => follower.follow(3, bud(`3kq2z7xyz${String(i).padStart(4, '0')}`)))
    const last = follower.follow(3, bud('3kq2z7xyz2zzz'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    expect(describe).toHaveBeenCalledTimes(1)
    expect(describe).toHaveBeenCalledWith(bud('3kq2z7xyz2zzz'))
    // Every caller, superseded or not, learns what the tab ended up showing.
    const states = await Promise.all([...results, last])
    expect(new Set(states.map((s) => s?.url))).toEqual(new Set([bud('3kq2z7xyz2zzz')]))
  })

  it('the same address reported twice (browser and content script) is described once', async () => {
    const { follower, describe } = setup()
    const a = follower.follow(3, bud('3kq2z7xyz2kaa'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS + 10)
    const b = follower.follow(3, `${bud('3kq2z7xyz2kaa')}#bud-3kq2z7xyz2kaa`)
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    expect(await a).toEqual(await b)
    expect(describe).toHaveBeenCalledTimes(1)
  })

  it('the same address again after a while is described afresh (the story may have grown)', async () => {
    const { follower, describe } = setup()
    const first = follower.follow(3, bud('3kq2z7xyz2kaa'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    await first
    await vi.advanceTimersByTimeAsync(FRESH_MS)
    const again = follower.follow(3, bud('3kq2z7xyz2kaa'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    await again
    expect(describe).toHaveBeenCalledTimes(2)
  })

  it('tabs are followed separately', async () => {
    const { follower, describe } = setup()
    const a = follower.follow(3, bud('3kq2z7xyz2kaa'))
    const b = follower.follow(4, bud('3kq2z7xyz2kbb'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    expect((await a)?.tabId).toBe(3)
    expect((await b)?.tabId).toBe(4)
    expect(describe).toHaveBeenCalledTimes(2)
  })

  it('leaving the buds (in-app) clears the tab, and looks nothing up', async () => {
    const { follower, describe, shown, tabs } = setup()
    const a = follower.follow(3, bud('3kq2z7xyz2kaa'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    await a
    const b = follower.follow(3, 'https://branchline.ink/about')
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    expect(await b).toBeNull()
    expect(await tabs.get(3)).toBeNull()
    expect(shown.at(-1)).toEqual([3, null])
    expect(describe).toHaveBeenCalledTimes(1)
  })

  it('a description that fails is shown as the error, in words', async () => {
    const { follower, describe } = setup()
    describe.mockRejectedValueOnce(Object.assign(new Error('boom'), {}))
    const a = follower.follow(3, bud('3kq2z7xyz2kaa'))
    await vi.advanceTimersByTimeAsync(SETTLE_MS)
    expect((await a)?.page).toEqual({ kind: 'error', url: bud('3kq2z7xyz2kaa'), error: { code: 'Internal', message: 'Something went wrong inside Tendril. Please try again.' } })
  })

  it('a closed tab’s pending change is dropped', async () => {
    const { follower, describe } = setup()
    void follower.follow(3, bud('3kq2z7xyz2kaa'))
    follower.forget(3)
    await vi.advanceTimersByTimeAsync(SETTLE_MS * 2)
    expect(describe).not.toHaveBeenCalled()
  })
})
