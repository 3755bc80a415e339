import { storage } from 'wxt/utils/storage'
import type { SignInStatus, SignInStatusArea } from '../atproto/session-service'

// A sign-in in progress lives only as long as the browser session, like the OAuth request it refers
// to, in storage.session: survives a worker stop, and (unlike storage.local) is out of reach of
// content scripts — both browsers expose it to trusted extension contexts only by default (checked
// in Chromium by tests/e2e/storage-boundary.test.ts; Firefox per its documentation, not run here).
const signInItem = storage.defineItem<SignInStatus | null>('session:signIn', { fallback: null })

export const signInArea: SignInStatusArea = {
  get: () => signInItem.getValue(),
  set: (status) => (status ? signInItem.setValue(status) : signInItem.removeValue()),
}
