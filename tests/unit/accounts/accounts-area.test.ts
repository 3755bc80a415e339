import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createAccountStore } from '../../../lib/accounts/account-store'
import { createAccountsArea } from '../../../lib/accounts/accounts-area'
import { openTendrilDb } from '../../../lib/storage/db'

let n = 0
const freshDb = () => openTendrilDb(`accounts-area-test-${n++}`)

describe('the accounts list in IndexedDB', () => {
  it('is empty (null) on a new profile', async () => {
    expect(await createAccountsArea(freshDb()).get()).toBeNull()
  })

  it('keeps the reader’s order and the active account across a reopen (a woken worker)', async () => {
    const name = `accounts-area-test-${n++}`
    const db = openTendrilDb(name)
    const accounts = createAccountStore(createAccountsArea(db))
    await accounts.signedIn({ did: 'did:plc:zed', handle: 'zed.test' })
    await accounts.signedIn({ did: 'did:plc:ada', handle: 'ada.test', pds: 'http://localhost:2583' })
    await accounts.activate('did:plc:zed')
    await accounts.signedOut('did:plc:ada', 'Your session was revoked. Sign in again to continue.')
    ;(await db).close()

    const reopened = createAccountStore(createAccountsArea(openTendrilDb(name)))
    expect(await reopened.read()).toEqual({
      accounts: [
        { did: 'did:plc:zed', handle: 'zed.test', signedIn: true },
        { did: 'did:plc:ada', handle: 'ada.test', pds: 'http://localhost:2583', signedIn: false, signedOutReason: 'Your session was revoked. Sign in again to continue.' },
      ],
      activeDid: 'did:plc:zed',
    })
  })

  it('forgets a removed account entirely', async () => {
    const db = freshDb()
    const accounts = createAccountStore(createAccountsArea(db))
    await accounts.signedIn({ did: 'did:plc:ada' })
    await accounts.removed('did:plc:ada')
    expect(await (await db).count('accounts')).toBe(0)
    expect(await accounts.read()).toEqual({ accounts: [], activeDid: null })
  })
})
