import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createSettingsStore } from '../../../lib/settings/settings-store'
import { openTendrilDb } from '../../../lib/storage/db'

let n = 0

describe('the reader’s settings in IndexedDB', () => {
  it('automatic backlinks are off and unchosen until the reader chooses, and stay as chosen', async () => {
    const name = `settings-test-${n++}`
    const settings = createSettingsStore(openTendrilDb(name))
    expect(await settings.get()).toEqual({ autoBacklink: false, autoBacklinkChosen: false })
    expect(await settings.set({ autoBacklink: true })).toEqual({ autoBacklink: true, autoBacklinkChosen: true })
    expect(await createSettingsStore(openTendrilDb(name)).get()).toEqual({ autoBacklink: true, autoBacklinkChosen: true })
    // "Ask each time" is a choice too: the setup is not offered again.
    expect(await settings.set({ autoBacklink: false })).toEqual({ autoBacklink: false, autoBacklinkChosen: true })
  })

  it('anything but a stored boolean reads as off and never chosen', async () => {
    const db = openTendrilDb(`settings-test-${n++}`)
    await (await db).put('settings', 'yes', 'autoBacklink')
    expect(await createSettingsStore(db).get()).toEqual({ autoBacklink: false, autoBacklinkChosen: false })
  })
})
