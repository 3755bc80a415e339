import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createSettingsStore } from '../../../lib/settings/settings-store'
import { openTendrilDb } from '../../../lib/storage/db'

let n = 0

describe('the reader’s settings in IndexedDB', () => {
  it('automatic backlinks are off until the reader turns them on, and stay as set', async () => {
    const name = `settings-test-${n++}`
    const settings = createSettingsStore(openTendrilDb(name))
    expect(await settings.get()).toEqual({ autoBacklink: false })
    expect(await settings.set({ autoBacklink: true })).toEqual({ autoBacklink: true })
    expect(await createSettingsStore(openTendrilDb(name)).get()).toEqual({ autoBacklink: true })
    expect(await settings.set({ autoBacklink: false })).toEqual({ autoBacklink: false })
  })

  it('anything but a stored `true` reads as off', async () => {
    const db = openTendrilDb(`settings-test-${n++}`)
    await (await db).put('settings', 'yes', 'autoBacklink')
    expect(await createSettingsStore(db).get()).toEqual({ autoBacklink: false })
  })
})
