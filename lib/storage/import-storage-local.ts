import { z } from 'zod/mini'
import { SETTING_KEYS, type TendrilDb } from './db'

// Tendril 0.1 kept the accounts list and the automatic-backlink switch in storage.local, which
// every content script can read and write. This moves them, once, into the worker's IndexedDB and
// deletes them there. Once the move is recorded, whatever a content script writes under those keys
// is never read again.

export interface LegacyArea {
  get(keys: string[]): Promise<Record<string, unknown>>
  remove(keys: string[]): Promise<void>
}

/** WXT's storage items kept their metadata (version) under `<key>$`. */
export const LEGACY_KEYS = ['accounts', 'accounts$', 'settings.autoBacklink', 'settings.autoBacklink$']
const DONE = 'imported-storage-local'
const SIGN_IN_AGAIN = 'Sign in again to continue.'

const LegacyAccounts = z.object({
  accounts: z
    .array(
      z.object({
        did: z.string().check(z.startsWith('did:'), z.maxLength(2048)),
        handle: z.optional(z.string().check(z.maxLength(253))),
        displayName: z.optional(z.string().check(z.maxLength(640))),
        pds: z.optional(z.string().check(z.maxLength(2048))),
        signedIn: z.boolean(),
        signedOutReason: z.optional(z.string().check(z.maxLength(500))),
      }),
    )
    .check(z.maxLength(50)),
  activeDid: z.nullable(z.string().check(z.maxLength(2048))),
})

export async function importStorageLocal(db: TendrilDb, legacy: LegacyArea): Promise<void> {
  if (await db.get('meta', DONE)) return
  const old = await legacy.get(LEGACY_KEYS)
  const accounts = LegacyAccounts.safeParse(old.accounts)
  const autoBacklink = old['settings.autoBacklink']
  const tx = db.transaction(['accounts', 'settings', 'meta', 'oauth-session'], 'readwrite')
  // Only data of the expected shape moves, and an account counts as signed in only if its session
  // really is stored: nothing a page planted here can look like a signed-in account.
  if (accounts.success && (await tx.objectStore('accounts').count()) === 0) {
    for (const [position, account] of accounts.data.accounts.entries()) {
      const hasSession = (await tx.objectStore('oauth-session').count(account.did)) > 0
      const row = hasSession ? account : { ...account, signedIn: false, signedOutReason: account.signedOutReason ?? SIGN_IN_AGAIN }
      await tx.objectStore('accounts').put({ ...row, position })
    }
    await tx.objectStore('settings').put(accounts.data.activeDid, SETTING_KEYS.activeDid)
  }
  if (typeof autoBacklink === 'boolean') await tx.objectStore('settings').put(autoBacklink, SETTING_KEYS.autoBacklink)
  await tx.objectStore('meta').put(new Date().toISOString(), DONE)
  await tx.done
  await legacy.remove(LEGACY_KEYS)
}
