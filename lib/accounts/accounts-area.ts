import { SETTING_KEYS, type AccountRow, type TendrilDb } from '../storage/db'
import type { AccountsArea, AccountsState } from './account-store'

// The accounts list in the worker's IndexedDB: one row per account (in the reader's order) and the
// active account in `settings`. Written in one transaction, so a reader never sees half a change.

export function createAccountsArea(db: Promise<TendrilDb>): AccountsArea {
  return {
    async get() {
      const tx = (await db).transaction(['accounts', 'settings'], 'readonly')
      const [rows, activeDid] = await Promise.all([tx.objectStore('accounts').getAll(), tx.objectStore('settings').get(SETTING_KEYS.activeDid)])
      await tx.done
      if (rows.length === 0 && activeDid === undefined) return null
      rows.sort((a, b) => a.position - b.position)
      return { accounts: rows.map(({ position: _, ...account }) => account), activeDid: typeof activeDid === 'string' ? activeDid : null }
    },
    async set(state: AccountsState) {
      const tx = (await db).transaction(['accounts', 'settings'], 'readwrite')
      const accounts = tx.objectStore('accounts')
      await accounts.clear()
      await Promise.all(state.accounts.map((account, position) => accounts.put({ ...account, position } satisfies AccountRow)))
      await tx.objectStore('settings').put(state.activeDid, SETTING_KEYS.activeDid)
      await tx.done
    },
  }
}
