import { describe, expect, it, vi } from 'vitest'
import { PRODUCTION_ENDPOINTS } from '../../../lib/config/production'
import type { PageState, TabState } from '../../../lib/messages'
import type { BudPageService } from '../../../lib/pages/bud-page-service'
import { createTabFollower } from '../../../lib/tabs/tab-follower'
import { createTabStateStore } from '../../../lib/tabs/tab-state-store'
import { createPageHandlers } from '../../../lib/worker/page-handlers'

const BUD_URL = 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kaa'
const missing = (url: string): PageState => ({ kind: 'bud-missing', url })

function setup(currentUrl?: (tabId: number) => Promise<string | undefined>) {
  const data = new Map<string, unknown>()
  const tabs = createTabStateStore({
    area: {
      get: async (k) => (data.has(k) ? { [k]: data.get(k) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
      remove: async (k) => void data.delete(k),
    },
  })
  const shown: Array<[number, TabState | null]> = []
  const budPages = { describe: vi.fn(async (url: string) => missing(url)) } as unknown as BudPageService
  const follower = createTabFollower({
    budPages,
    tabs,
    onTabState: (tabId, state) => void shown.push([tabId, state]),
    setTimer: (fn) => setTimeout(fn, 0),
  })
  const handlers = createPageHandlers({
    endpoints: PRODUCTION_ENDPOINTS,
    version: '0.1.0',
    follower,
    tabs,
    currentUrl,
  })
  return { handlers, shown, budPages }
}

const content = (tabUrl: string) => ({ kind: 'content-script' as const, tabId: 3, tabUrl })
const report = { type: 'page.report' as const }

describe('page handlers', () => {
  it('describe the tab from the browser’s URL (a report carries nothing else)', async () => {
    const { handlers, budPages } = setup()
    const state = await handlers['page.report'](report, content(BUD_URL))
    expect(budPages.describe).toHaveBeenCalledWith(BUD_URL)
    expect(state).toMatchObject({ tabId: 3, url: BUD_URL, page: missing(BUD_URL) })
  })

  it('leaving a bud in-app clears the tab', async () => {
    const { handlers, shown } = setup()
    await handlers['page.report'](report, content(BUD_URL))
    expect(await handlers['page.report'](report, content('https://branchline.ink/'))).toBeNull()
    expect(await handlers['tab.get']({ type: 'tab.get', tabId: 3 }, { kind: 'extension-page' })).toBeNull()
    expect(shown.at(-1)).toEqual([3, null])
  })

  it.each([
    ['a site Tendril cannot see', undefined, null],
    ['another page of the site', 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kbb', null],
    ['the same bud with a fragment', `${BUD_URL}#bud-3kq2z7xyz2kaa`, 'state'],
  ])('never shows a stale bud: the tab now on %s', async (_name, now, expected) => {
    const { handlers } = setup(async () => now)
    await handlers['page.report'](report, content(BUD_URL))
    const state = await handlers['tab.get']({ type: 'tab.get', tabId: 3 }, { kind: 'extension-page' })
    if (expected === null) expect(state).toBeNull()
    else expect(state?.url).toBe(BUD_URL)
  })
})
