import { describe, expect, it } from 'vitest'
import { createTabPresenter, type TabsLike } from '../../../../lib/atproto/oauth/presenters'

// The sign-in tab is recorded before it navigates anywhere: a worker stopped between "tab opened"
// and "tab recorded" would otherwise lose the only tab allowed to finish the sign-in.
function fakeTabs() {
  const log: string[] = []
  const open = new Set<number>()
  const tabs: TabsLike = {
    async create({ url }) {
      log.push(`create ${url}`)
      open.add(7)
      return { id: 7 }
    },
    async update(tabId, { url }) {
      log.push(`update ${tabId} ${url}`)
    },
    async remove(tabId) {
      log.push(`remove ${tabId}`)
      open.delete(tabId)
    },
    async get(tabId) {
      if (!open.has(tabId)) throw new Error(`No tab with id: ${tabId}`)
      return { id: tabId }
    },
  }
  return { tabs, log }
}

const AUTHORIZE = new URL('http://localhost:2583/oauth/authorize?request_uri=urn:x')

describe('createTabPresenter', () => {
  it('opens a blank tab, has it recorded, and only then navigates it to the authorization page', async () => {
    const { tabs, log } = fakeTabs()
    const shown = await createTabPresenter(tabs).present(AUTHORIZE, async (tabId) => void log.push(`recorded ${tabId}`))
    expect(shown).toEqual({ tabId: 7 })
    expect(log).toEqual(['create about:blank', 'recorded 7', `update 7 ${AUTHORIZE.href}`])
  })

  it('closes the blank tab and shows nothing when recording it fails (the sign-in was cancelled)', async () => {
    const { tabs, log } = fakeTabs()
    const presenter = createTabPresenter(tabs)
    await expect(
      presenter.present(AUTHORIZE, async () => {
        throw new Error('superseded')
      }),
    ).rejects.toThrow('superseded')
    expect(log).toEqual(['create about:blank', 'remove 7'])
  })

  it('tells whether a tab still exists', async () => {
    const { tabs } = fakeTabs()
    const presenter = createTabPresenter(tabs)
    await presenter.present(AUTHORIZE, async () => undefined)
    expect(await presenter.exists!(7)).toBe(true)
    await presenter.close!(7)
    expect(await presenter.exists!(7)).toBe(false)
  })
})
