import { browser } from 'wxt/browser'
import type { SignInStatus, SignInStatusArea } from '../atproto/session-service'

// A sign-in in progress lives only as long as the browser session, like the OAuth request it refers
// to, in storage.session: survives a worker stop, and (unlike storage.local) is out of reach of
// content scripts — both browsers expose it to trusted extension contexts only by default (checked
// in Chromium by tests/e2e/storage-boundary.test.ts; Firefox per its documentation, not run here).
// Plain browser.storage rather than WXT's storage wrapper: one key does not need its 7 KB.
const KEY = 'signIn'

export const signInArea: SignInStatusArea = {
  get: async () => ((await browser.storage.session.get(KEY))[KEY] as SignInStatus | undefined) ?? null,
  set: (status) => (status ? browser.storage.session.set({ [KEY]: status }) : browser.storage.session.remove(KEY)),
}
