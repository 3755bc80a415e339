import { storage } from 'wxt/utils/storage'
import type { AccountsArea, AccountsState } from '../accounts/account-store'
import type { SignInStatus, SignInStatusArea } from '../atproto/session-service'

// Worker-owned state in extension storage. Accounts persist (storage.local); a sign-in in progress
// lives only as long as the browser session (storage.session), like the OAuth state it refers to.

const accountsItem = storage.defineItem<AccountsState | null>('local:accounts', { fallback: null, version: 1 })
const signInItem = storage.defineItem<SignInStatus | null>('session:signIn', { fallback: null })

export const accountsArea: AccountsArea = {
  get: () => accountsItem.getValue(),
  set: (state) => accountsItem.setValue(state),
}

export const signInArea: SignInStatusArea = {
  get: () => signInItem.getValue(),
  set: (status) => (status ? signInItem.setValue(status) : signInItem.removeValue()),
}
