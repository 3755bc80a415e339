import { describe, expect, it } from 'vitest'
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store'

function memory() {
  let value: AccountsState | null = null
  return { get: async () => structuredClone(value), set: async (v: AccountsState) => void (value = structuredClone(v)) }
}

describe('createAccountStore', () => {
  it('makes a newly signed-in account active and keeps the others', async () => {
    const store = createAccountStore(memory())
    await store.signedIn({ did: 'did:plc:a', handle: 'a.test' })
    await store.signedIn({ did: 'did:plc:b', handle: 'b.test' })
    const state = await store.read()
    expect(state.activeDid).toBe('did:plc:b')
    expect(state.accounts.map((a) => a.did)).toEqual(['did:plc:a', 'did:plc:b'])
    await store.activate('did:plc:a')
    expect((await store.read()).activeDid).toBe('did:plc:a')
    await store.activate('did:plc:unknown')
    expect((await store.read()).activeDid).toBe('did:plc:a')
  })

  it('keeps an account whose session ended elsewhere, with the reason', async () => {
    const store = createAccountStore(memory())
    await store.signedIn({ did: 'did:plc:a', handle: 'a.test', displayName: 'A' })
    await store.signedOut('did:plc:a', 'Your session was revoked.')
    expect((await store.read()).accounts).toEqual([
      { did: 'did:plc:a', handle: 'a.test', displayName: 'A', signedIn: false, signedOutReason: 'Your session was revoked.' },
    ])
    await store.signedIn({ did: 'did:plc:a', handle: 'a.test' })
    expect((await store.read()).accounts[0]).toEqual({ did: 'did:plc:a', handle: 'a.test', signedIn: true })
  })

  it('after sign-out, another signed-in account becomes active', async () => {
    const store = createAccountStore(memory())
    await store.signedIn({ did: 'did:plc:a' })
    await store.signedIn({ did: 'did:plc:b' })
    await store.removed('did:plc:b')
    expect(await store.read()).toEqual({ accounts: [{ did: 'did:plc:a', signedIn: true }], activeDid: 'did:plc:a' })
    await store.removed('did:plc:a')
    expect(await store.read()).toEqual({ accounts: [], activeDid: null })
  })

  it('applies concurrent changes one after another', async () => {
    const store = createAccountStore(memory())
    await Promise.all(['a', 'b', 'c', 'd'].map((x) => store.signedIn({ did: `did:plc:${x}` })))
    expect((await store.read()).accounts).toHaveLength(4)
  })
})
