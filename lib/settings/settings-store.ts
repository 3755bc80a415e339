import { SETTING_KEYS, type TendrilDb } from '../storage/db'

// The reader's settings and consents, in the worker's IndexedDB: only the worker changes them (the
// options page and popup ask it by message), because a consent that makes Tendril write on the
// reader's behalf must be out of reach of every page and content script.

export interface Settings {
  /** "Always": create Chive backlinks for the reader's own citing records without asking. Off
   * ("Ask each time") by default: Tendril never writes on the reader's behalf until they say so. */
  autoBacklink: boolean
  /** The reader has chosen Always or Ask each time (until then, their first own citing page offers
   * to set it up). */
  autoBacklinkChosen: boolean
}

export function createSettingsStore(db: Promise<TendrilDb>) {
  return {
    async get(): Promise<Settings> {
      const stored = await (await db).get('settings', SETTING_KEYS.autoBacklink)
      // Anything but a boolean was not written by this store: treated as never chosen.
      return { autoBacklink: stored === true, autoBacklinkChosen: typeof stored === 'boolean' }
    },
    async set(change: Partial<Pick<Settings, 'autoBacklink'>>): Promise<Settings> {
      if (change.autoBacklink !== undefined) await (await db).put('settings', change.autoBacklink, SETTING_KEYS.autoBacklink)
      return this.get()
    },
  }
}

export type SettingsStore = ReturnType<typeof createSettingsStore>
