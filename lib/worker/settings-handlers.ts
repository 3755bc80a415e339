import type { SettingsStore } from '../settings/settings-store'
import type { Handlers } from './router'

type SettingsHandlers = Pick<Handlers, 'settings.get' | 'settings.set'>

export function createSettingsHandlers(deps: { settings: SettingsStore }): SettingsHandlers {
  return {
    'settings.get': () => deps.settings.get(),
    'settings.set': (request) => deps.settings.set({ autoBacklink: request.autoBacklink }),
  }
}
