import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { createSettingsStore } from '../../../lib/settings/settings-store'
import { openTendrilDb } from '../../../lib/storage/db'
import { createSettingsHandlers } from '../../../lib/worker/settings-handlers'

describe('settings handlers', () => {
  it('read and change the reader’s settings in the worker’s store', async () => {
    const settings = createSettingsStore(openTendrilDb('settings-handlers-test'))
    const handlers = createSettingsHandlers({ settings })
    const page = { kind: 'extension-page' as const }
    expect(await handlers['settings.get']({ type: 'settings.get' }, page)).toEqual({ autoBacklink: false, autoBacklinkChosen: false })
    expect(await handlers['settings.set']({ type: 'settings.set', autoBacklink: true }, page)).toEqual({ autoBacklink: true, autoBacklinkChosen: true })
    expect(await settings.get()).toEqual({ autoBacklink: true, autoBacklinkChosen: true })
  })

  it('choosing "Ask each time" drops the automatic backlinks not sent yet; choosing "Always" drops nothing', async () => {
    const settings = createSettingsStore(openTendrilDb('settings-handlers-off-test'))
    const automaticOff = vi.fn(async () => undefined)
    const handlers = createSettingsHandlers({ settings, automaticOff })
    const page = { kind: 'extension-page' as const }
    await handlers['settings.set']({ type: 'settings.set', autoBacklink: true }, page)
    expect(automaticOff).not.toHaveBeenCalled()
    await handlers['settings.set']({ type: 'settings.set', autoBacklink: false }, page)
    expect(automaticOff).toHaveBeenCalledTimes(1)
  })
})
