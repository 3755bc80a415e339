import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createAccountStore } from '../../../lib/accounts/account-store'
import { createAccountsArea } from '../../../lib/accounts/accounts-area'
import { createSettingsStore } from '../../../lib/settings/settings-store'
import { openTendrilDb } from '../../../lib/storage/db'
import { importStorageLocal, LEGACY_KEYS, type LegacyArea } from '../../../lib/storage/import-storage-local'

let n = 0

/** storage.local as Tendril 0.1 left it (WXT items: the value under the key, metadata under `key$`). */
function legacyArea(initial: Record<string, unknown>) {
  const data: Record<string, unknown> = { ...initial }
  const area: LegacyArea = {
    async get(keys) {
      return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]))
    },
    async remove(keys) {
      for (const key of keys) delete data[key]
    },
  }
  return { area, data }
}

const OLD_ACCOUNTS = {
  accounts: [
    { did: 'did:plc:reader', handle: 'reader.test', pds: 'http://localhost:2583', signedIn: true },
    { did: 'did:plc:ada', handle: 'ada.test', signedIn: false, signedOutReason: 'Your session was revoked. Sign in again to continue.' },
  ],
  activeDid: 'did:plc:reader',
}

async function setup(initial: Record<string, unknown>, sessionsFor: string[] = []) {
  const db = await openTendrilDb(`import-test-${n++}`)
  for (const did of sessionsFor) await db.put('oauth-session', { value: {}, expiresAt: null }, did)
  const legacy = legacyArea(initial)
  const read = async () => ({
    accounts: await createAccountStore(createAccountsArea(Promise.resolve(db))).read(),
    settings: await createSettingsStore(Promise.resolve(db)).get(),
  })
  return { db, legacy, read }
}

describe('moving Tendril 0.1’s storage.local into the worker’s IndexedDB', () => {
  it('moves the accounts and the automatic-backlink switch, then deletes them from storage.local', async () => {
    const { db, legacy, read } = await setup(
      { accounts: OLD_ACCOUNTS, accounts$: { v: 1 }, 'settings.autoBacklink': true, 'settings.autoBacklink$': { v: 1 }, unrelated: 1 },
      ['did:plc:reader'],
    )
    await importStorageLocal(db, legacy.area)
    expect(await read()).toEqual({ accounts: OLD_ACCOUNTS, settings: { autoBacklink: true, autoBacklinkChosen: true } })
    expect(Object.keys(legacy.data)).toEqual(['unrelated'])
    expect(LEGACY_KEYS.some((k) => k in legacy.data)).toBe(false)
  })

  it('runs once: what a content script writes under the old keys afterwards is never read', async () => {
    const { db, legacy, read } = await setup({ accounts: OLD_ACCOUNTS }, ['did:plc:reader'])
    await importStorageLocal(db, legacy.area)
    const before = await read()
    legacy.data.accounts = { accounts: [{ did: 'did:plc:attacker', handle: 'attacker.test', signedIn: true }], activeDid: 'did:plc:attacker' }
    legacy.data['settings.autoBacklink'] = true
    await importStorageLocal(db, legacy.area)
    expect(await read()).toEqual(before)
    expect(legacy.data['settings.autoBacklink']).toBe(true) // left where it is, ignored
  })

  it('an account whose session is not stored comes over signed out, whatever the old list claimed', async () => {
    const { db, legacy, read } = await setup({ accounts: OLD_ACCOUNTS })
    await importStorageLocal(db, legacy.area)
    expect((await read()).accounts.accounts[0]).toEqual({ ...OLD_ACCOUNTS.accounts[0], signedIn: false, signedOutReason: 'Sign in again to continue.' })
  })

  it.each([
    ['not an object', 'hello'],
    ['accounts not a list', { accounts: 'x', activeDid: null }],
    ['an account without a DID', { accounts: [{ handle: 'x.test', signedIn: true }], activeDid: null }],
    ['an overlong DID', { accounts: [{ did: `did:plc:${'a'.repeat(3000)}`, signedIn: true }], activeDid: null }],
  ])('malformed old data (%s) moves nothing and is still deleted', async (_name, accounts) => {
    const { db, legacy, read } = await setup({ accounts, 'settings.autoBacklink': 'yes' })
    await importStorageLocal(db, legacy.area)
    expect(await read()).toEqual({ accounts: { accounts: [], activeDid: null }, settings: { autoBacklink: false, autoBacklinkChosen: false } })
    expect('accounts' in legacy.data).toBe(false)
  })

  it('a new profile with nothing to move records the move as done', async () => {
    const { db, legacy, read } = await setup({})
    await importStorageLocal(db, legacy.area)
    legacy.data.accounts = OLD_ACCOUNTS
    await importStorageLocal(db, legacy.area)
    expect((await read()).accounts.accounts).toEqual([])
  })
})
