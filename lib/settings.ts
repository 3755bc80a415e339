import { storage } from 'wxt/utils/storage'

// Reader preferences, in storage.local (synced settings would leak reading habits to every
// browser profile signed in to the same account; local is the conservative choice).

/** Create Chive backlinks for the reader's own citing records without asking. Off by default:
 * Tendril never writes to a reader's account on their behalf until they say so. */
export const autoBacklinkSetting = storage.defineItem<boolean>('local:settings.autoBacklink', {
  fallback: false,
  version: 1,
})
