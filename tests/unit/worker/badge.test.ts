import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BudSummary, PageState, TabState } from '../../../lib/messages'
import { createBadgePainter, showTabState, type ActionLike } from '../../../lib/worker/badge'

// The toolbar button is the one thing a reader sees without opening the popup: every page state
// gets its exact title and badge text, and the tab they belong to.

const TAB = 12
const bud: BudSummary = {
  uri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa',
  title: 'The Keeper’s Log',
  position: 3,
  author: { did: 'did:plc:ada', handle: 'ada.test' },
  story: { rootUri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k00', title: 'The Lighthouse at Vell' },
  childCount: 2,
  path: ['at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k00', 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k11', 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa'],
}
const tab = (page: PageState): TabState => ({ tabId: TAB, url: 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kaa', page, updatedAt: '2026-11-23T12:00:00.000Z' })

/** Records what was set, per kind (the order of the two calls does not matter to a reader). */
function recordingAction() {
  const titles: Array<{ tabId: number; title: string }> = []
  const badges: Array<{ tabId: number; text: string }> = []
  const action: ActionLike = {
    setTitle: async (details) => void titles.push(details),
    setBadgeText: async (details) => void badges.push(details),
    setBadgeBackgroundColor: async () => undefined,
  }
  return { action, titles, badges }
}

describe('showTabState', () => {
  it.each<[string, TabState | null, string, string]>([
    ['a bud', tab({ kind: 'bud', bud }), 'Tendril — “The Keeper’s Log” (bud 3 of “The Lighthouse at Vell”)', 'bud'],
    ['a bud Branchline does not know', tab({ kind: 'bud-missing', url: 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kzz' }), 'Tendril — this bud is not on Branchline (yet)', ''],
    [
      'a bud that could not be looked up',
      tab({ kind: 'error', url: 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kaa', error: { code: 'AppViewUnavailable', message: 'Branchline could not be reached. Check your connection and try again.' } }),
      'Tendril — Branchline could not be reached. Check your connection and try again.',
      '',
    ],
    ['nothing Tendril knows (null)', null, 'Tendril', ''],
  ])('%s: exact title and badge text, on that tab only', async (_name, state, title, text) => {
    const { action, titles, badges } = recordingAction()
    await showTabState(action, TAB, state)
    expect(titles).toEqual([{ tabId: TAB, title }])
    expect(badges).toEqual([{ tabId: TAB, text }])
  })

  it('a tab that leaves a bud loses the badge (a stale “bud” badge would lie)', async () => {
    const { action, titles, badges } = recordingAction()
    await showTabState(action, TAB, tab({ kind: 'bud', bud }))
    await showTabState(action, TAB, null)
    expect(titles.at(-1)).toEqual({ tabId: TAB, title: 'Tendril' })
    expect(badges.at(-1)).toEqual({ tabId: TAB, text: '' })
  })
})

describe('createBadgePainter', () => {
  afterEach(() => vi.useRealTimers())

  function painter(failed: { count: number }) {
    const { action, badges } = recordingAction()
    const reads = vi.fn(async () => failed.count)
    const p = createBadgePainter({
      action: { ...action, setBadgeBackgroundColor: async () => undefined },
      tabIds: async () => [1, 2],
      tabState: async (tabId) => (tabId === 1 ? tab({ kind: 'bud', bud }) : null),
      failedWrites: reads,
      settleMs: 50,
    })
    return { p, badges, reads }
  }

  it('reads the failed count once per journal change, not on every tab update', async () => {
    const { p, reads } = painter({ count: 0 })
    await p.drawTab(1, tab({ kind: 'bud', bud }))
    await p.drawTab(1, tab({ kind: 'bud', bud }))
    expect(reads).toHaveBeenCalledOnce()
  })

  it('a burst of journal changes redraws every tab once, with the new count ahead of the bud', async () => {
    vi.useFakeTimers()
    const failed = { count: 0 }
    const { p, badges, reads } = painter(failed)
    failed.count = 2
    p.journalChanged()
    p.journalChanged()
    p.journalChanged()
    await vi.advanceTimersByTimeAsync(50)
    expect(reads).toHaveBeenCalledOnce()
    expect(badges).toEqual([
      { tabId: 1, text: '!' },
      { tabId: 2, text: '!' },
    ])
  })
})

describe('the bookmark state on the badge', () => {
  function painter() {
    const { action, badges } = recordingAction()
    let state = tab({ kind: 'bud', bud })
    const p = createBadgePainter({
      action: { ...action, setBadgeBackgroundColor: async () => undefined },
      tabIds: async () => [1],
      tabState: async () => state,
      failedWrites: async () => 0,
    })
    return { p, badges, moveTo: (url: string) => (state = { ...state, url }) }
  }

  it('a tab whose bud is bookmarked shows ★; the same page with a fragment too', async () => {
    const { p, badges } = painter()
    await p.bookmarkState(1, `${tab({ kind: 'bud', bud }).url}#bud-x`, 'bookmarked')
    expect(badges.at(-1)).toEqual({ tabId: 1, text: '★' })
  })

  it('the state belongs to the address it was worked out for: another page of the tab does not show it', async () => {
    const { p, badges, moveTo } = painter()
    await p.bookmarkState(1, tab({ kind: 'bud', bud }).url, 'bookmarked')
    const moved = moveTo('https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kzz')
    await p.drawTab(1, moved)
    expect(badges.at(-1)).toEqual({ tabId: 1, text: 'bud' })
  })
})

describe('backlink suggestions on the badge', () => {
  const POST = 'https://bsky.app/profile/did:plc:ada/post/3lpost'
  function painter() {
    const { action, badges } = recordingAction()
    const p = createBadgePainter({
      action: { ...action, setBadgeBackgroundColor: async () => undefined },
      tabIds: async () => [1],
      // A tab that last showed a bud and has since moved to a source page (no TabState of its own).
      tabState: async () => tab({ kind: 'bud', bud }),
      failedWrites: async () => 0,
      settleMs: 1,
    })
    return { p, badges }
  }

  it('counts what the tab’s source page offers, not the stale bud the tab showed before', async () => {
    const { p, badges } = painter()
    await p.suggestionsState(1, POST, 2)
    expect(badges.at(-1)).toEqual({ tabId: 1, text: '2' })
    await p.suggestionsState(1, POST, 0)
    expect(badges.at(-1)).toEqual({ tabId: 1, text: '' })
  })

  it('a journal redraw keeps the count while the tab stays; once the tab moves on, it goes', async () => {
    vi.useFakeTimers()
    const { p, badges } = painter()
    await p.suggestionsState(1, POST, 1)
    p.journalChanged()
    await vi.advanceTimersByTimeAsync(5)
    expect(badges.at(-1)).toEqual({ tabId: 1, text: '1' })
    p.navigated(1, `${POST}#reply`)
    p.journalChanged()
    await vi.advanceTimersByTimeAsync(5)
    expect(badges.at(-1)).toEqual({ tabId: 1, text: '1' })
    p.navigated(1, 'https://bsky.app/profile/did:plc:ada')
    p.journalChanged()
    await vi.advanceTimersByTimeAsync(5)
    expect(badges.at(-1)?.text).not.toBe('1')
  })
})
