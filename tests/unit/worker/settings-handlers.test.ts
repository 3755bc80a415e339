import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createSettingsStore } from '../../../lib/settings/settings-store'
import { openTendrilDb } from '../../../lib/storage/db'
import { createSettingsHandlers } from '../../../lib/worker/settings-handlers'

describe('settings handlers', () => {
  it('read and change the reader’s settings in the worker’s store', async () => {
    const settings = createSettingsStore(openTendrilDb('settings-handlers-test'))
    const handlers = createSettingsHandlers({ settings })
    const page = { kind: 'extension-page' as const }
    expect(await handlers['settings.get']({ type: 'settings.get' }, page)).toEqual({ autoBacklink: false })
    expect(await handlers['settings.set']({ type: 'settings.set', autoBacklink: true }, page)).toEqual({ autoBacklink: true })
    expect(await settings.get()).toEqual({ autoBacklink: true })
  })
})
