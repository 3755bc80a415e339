import type { SettingsStore } from '../settings/settings-store'
import type { Handlers } from './router'

type SettingsHandlers = Pick<Handlers, 'settings.get' | 'settings.set'>

export function createSettingsHandlers(deps: {
  settings: SettingsStore
  /** The reader chose "Ask each time": automatic backlinks not sent yet are dropped (they were
   * entered on the consent just taken back). */
  automaticOff?: () => Promise<void>
}): SettingsHandlers {
  return {
    'settings.get': () => deps.settings.get(),
    async 'settings.set'(request) {
      const settings = await deps.settings.set({ autoBacklink: request.autoBacklink })
      if (!settings.autoBacklink) await deps.automaticOff?.()
      return settings
    },
  }
}
