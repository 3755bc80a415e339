import { describe, expect, it, vi } from 'vitest'
import type { SourcePageView } from '../../../lib/backlinks/views'
import { createSourceTabs } from '../../../lib/worker/source-tabs'

const POST = 'https://bsky.app/profile/did:plc:ada/post/3lpost'
const eprint = { uri: 'at://did:plc:chive/pub.chive.eprint.submission/3e1', title: 'T', pageUrl: 'p' }
const offered: SourcePageView = { url: POST, sourceUri: 'at://did:plc:ada/app.bsky.feed.post/3lpost', site: 'bluesky', own: false, signedIn: true, citations: [{ eprint, sourceType: 'bluesky.post', state: 'offered' }], offerSetup: false }

function setup(view: SourcePageView | null, url: string | undefined = POST) {
  const timers: Array<() => void> = []
  const deps = {
    currentUrl: vi.fn(async () => url),
    view: vi.fn(async () => view),
    suggestions: vi.fn(),
    showPrompt: vi.fn(async () => true),
    setTimer: (fn: () => void) => (timers.push(fn), timers.length - 1),
    clearTimer: (t: unknown) => void (timers[t as number] = () => undefined),
  }
  return { deps, tabs: createSourceTabs(deps), fire: async () => { for (const fn of timers.splice(0)) fn(); await new Promise((r) => setTimeout(r, 0)) } }
}

describe('source tabs, followed by the worker alone', () => {
  it('the prompt’s script runs only where the verification found something to show; the badge is told either way', async () => {
    const some = setup(offered)
    expect(await some.tabs.look(7)).toBe(true)
    expect(some.deps.showPrompt).toHaveBeenCalledWith(7)
    expect(some.deps.suggestions).toHaveBeenCalledWith(7, POST, 1)
    const none = setup(null)
    expect(await none.tabs.look(7)).toBe(false)
    expect(none.deps.showPrompt).not.toHaveBeenCalled()
    expect(none.deps.suggestions).toHaveBeenCalledWith(7, POST, 0)
    const settled = setup({ ...offered, citations: [{ eprint, sourceType: 'bluesky.post', state: 'on-chive' }] })
    expect(await settled.tabs.look(7)).toBe(false)
    expect(settled.deps.showPrompt).not.toHaveBeenCalled()
  })

  it('a tab that moved to an address that names no source is not looked at', async () => {
    const { deps, tabs } = setup(offered, 'https://bsky.app/profile/did:plc:ada')
    expect(await tabs.look(7)).toBe(false)
    expect(deps.view).not.toHaveBeenCalled()
  })

  it('a burst of address changes is looked at once, at its end, at the address the browser reports then', async () => {
    const { deps, tabs, fire } = setup(offered)
    for (let i = 0; i < 50; i++) tabs.changed(7)
    await fire()
    expect(deps.currentUrl).toHaveBeenCalledTimes(1)
    expect(deps.view).toHaveBeenCalledTimes(1)
    tabs.changed(8)
    tabs.forget(8)
    await fire()
    expect(deps.view).toHaveBeenCalledTimes(1)
  })
})
