import { SETTING_KEYS, type TendrilDb } from '../storage/db'

// The reader's settings and consents, in the worker's IndexedDB: only the worker changes them (the
// options page and popup ask it by message), because a consent that makes Tendril write on the
// reader's behalf must be out of reach of every page and content script.

export interface Settings {
  /** Create Chive backlinks for the reader's own citing records without asking. Off by default:
   * Tendril never writes to a reader's account on their behalf until they say so. */
  autoBacklink: boolean
}

export function createSettingsStore(db: Promise<TendrilDb>) {
  return {
    async get(): Promise<Settings> {
      const stored = await (await db).get('settings', SETTING_KEYS.autoBacklink)
      return { autoBacklink: stored === true }
    },
    async set(change: Partial<Settings>): Promise<Settings> {
      if (change.autoBacklink !== undefined) await (await db).put('settings', change.autoBacklink, SETTING_KEYS.autoBacklink)
      return this.get()
    },
  }
}

export type SettingsStore = ReturnType<typeof createSettingsStore>
