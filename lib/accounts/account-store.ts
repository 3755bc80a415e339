import type { AccountRecord } from './account-record'

// The reader's accounts and which one is active, as one state changed by one writer at a time.
// Where it is kept is the area's business (lib/accounts/accounts-area.ts: the worker's IndexedDB).

export type { AccountRecord }

export interface AccountsState {
  accounts: AccountRecord[]
  activeDid: string | null
}

export interface AccountsArea {
  get(): Promise<AccountsState | null>
  set(state: AccountsState): Promise<void>
}

const EMPTY: AccountsState = { accounts: [], activeDid: null }

export function createAccountStore(area: AccountsArea) {
  // One writer at a time: the worker handles messages and OAuth events concurrently.
  let queue: Promise<unknown> = Promise.resolve()
  function update(change: (state: AccountsState) => AccountsState): Promise<AccountsState> {
    const next = queue.then(async () => {
      const state = change(structuredClone((await area.get()) ?? EMPTY))
      await area.set(state)
      return state
    })
    queue = next.catch(() => undefined)
    return next
  }

  return {
    async read(): Promise<AccountsState> {
      await queue
      return (await area.get()) ?? EMPTY
    },
    /** Adds or refreshes a signed-in account and makes it the active one. */
    signedIn(account: Omit<AccountRecord, 'signedIn' | 'signedOutReason'>) {
      return update((state) => ({
        accounts: [...state.accounts.filter((a) => a.did !== account.did), { ...account, signedIn: true }],
        activeDid: account.did,
      }))
    },
    /** The session ended without the reader asking (revoked, expired): keep the account, say why. */
    signedOut(did: string, reason: string) {
      return update((state) => ({
        ...state,
        accounts: state.accounts.map((a) => (a.did === did ? { ...a, signedIn: false, signedOutReason: reason } : a)),
      }))
    },
    /** The reader signed out: forget the account; another signed-in one becomes active. */
    removed(did: string) {
      return update((state) => {
        const accounts = state.accounts.filter((a) => a.did !== did)
        const activeDid =
          state.activeDid === did ? (accounts.find((a) => a.signedIn)?.did ?? accounts[0]?.did ?? null) : state.activeDid
        return { accounts, activeDid }
      })
    },
    activate(did: string) {
      return update((state) => {
        if (!state.accounts.some((a) => a.did === did)) return state
        return { ...state, activeDid: did }
      })
    },
  }
}

export type AccountStore = ReturnType<typeof createAccountStore>
