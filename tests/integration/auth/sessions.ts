// The worker's session service (lib/atproto/session-service.ts) over a test OAuth client, wired as
// entrypoints/background.ts wires it: in-memory stand-ins for the accounts (IndexedDB) and storage.session
// areas, a presenter that "opens a tab" (records the authorization URL, returns a tab id), the real
// profile loader, and the client's onSessionDeleted reported to the service. A sign-in is then
// finished the way the worker finishes it: handleNavigation(tabId, <the redirect the tab reached>).
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store.ts'
import { createPdsClients } from '../../../lib/atproto/pds-client.ts'
import { LOOPBACK_REDIRECT_URI } from '../../../lib/atproto/oauth/client-metadata.ts'
import { createProfileLoader } from '../../../lib/atproto/profile.ts'
import { createSessionService, type SessionService, type SignInStatus } from '../../../lib/atproto/session-service.ts'
import { createTestClient, type TestClient } from './client.ts'
import { driveSignIn } from './drive-sign-in.ts'

export interface TestSessions {
  service: SessionService
  accounts: ReturnType<typeof createAccountStore>
  pds: ReturnType<typeof createPdsClients>
  signInStatus: () => SignInStatus | null
  /** Every state the accounts store wrote, in order: what a popup open at any moment could show. */
  accountsHistory: AccountsState[]
  /** Every session deletion the OAuth client reported (DID, error name). */
  deletions: Array<{ did: string; cause: string }>
  /** Authorization URLs the presenter was asked to show, by tab id. */
  shown: Map<number, URL>
  closedTabs: number[]
  /** Calls of client.restore() the service made. */
  clientRestores: () => number
  test: TestClient
}

export function createTestSessions(options: { dbName?: string } = {}): TestSessions {
  let service: SessionService | undefined
  const deletions: Array<{ did: string; cause: string }> = []
  const test = createTestClient({
    dbName: options.dbName,
    onSessionDeleted: (did, cause) => {
      deletions.push({ did, cause: cause instanceof Error ? cause.constructor.name : String(cause) })
      void service?.sessionDeleted(did, cause)
    },
  })
  let accountsValue: AccountsState | null = null
  let signInValue: SignInStatus | null = null
  const accountsHistory: AccountsState[] = []
  const accounts = createAccountStore({
    get: async () => structuredClone(accountsValue),
    set: async (v) => {
      accountsValue = structuredClone(v)
      accountsHistory.push(structuredClone(v))
    },
  })
  const shown = new Map<number, URL>()
  const closedTabs: number[] = []
  let nextTab = 100
  let restores = 0
  // Count restores without changing what the service gets: the real client, restore included.
  const client = new Proxy(test.client, {
    get(target, prop, receiver) {
      if (prop === 'restore') {
        return (...args: Parameters<typeof target.restore>) => {
          restores++
          return target.restore(...args)
        }
      }
      const value = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  service = createSessionService({
    client,
    accounts,
    signIns: { get: async () => signInValue, set: async (v) => void (signInValue = v) },
    requests: test.stores.requests,
    presenter: {
      flow: 'tab',
      async present(url, opened) {
        const tabId = nextTab++
        await opened(tabId)
        shown.set(tabId, url)
        return { tabId }
      },
      exists: async (tabId) => !closedTabs.includes(tabId),
      async close(tabId) {
        closedTabs.push(tabId)
      },
    },
    redirectUri: LOOPBACK_REDIRECT_URI,
    allowHttp: true, // the sandbox build's setting, as entrypoints/background.ts passes it
    loadProfile: createProfileLoader(test.client),
  })
  return {
    service,
    accounts,
    pds: createPdsClients(service),
    signInStatus: () => signInValue,
    accountsHistory,
    deletions,
    shown,
    closedTabs,
    clientRestores: () => restores,
    test,
  }
}

/** What a person does: types `input` in the popup, signs in at the PDS, answers consent; the
 * worker then sees the tab reach the redirect. Returns the redirect and the tab. */
export async function signInThroughService(
  sessions: TestSessions,
  input: string,
  account: { username: string; password: string },
  consent: 'authorize' | 'deny' = 'authorize',
): Promise<{ tabId: number; redirect: URL }> {
  const status = await sessions.service.beginSignIn(input)
  if (status?.status !== 'waiting' || status.tabId === undefined) throw new Error(`sign-in did not wait for a tab: ${JSON.stringify(status)}`)
  const authorizeUrl = sessions.shown.get(status.tabId)!
  const redirect = await driveSignIn({ authorizeUrl, ...account, consent })
  const handled = await sessions.service.handleNavigation(status.tabId, redirect.href)
  if (!handled) throw new Error(`the service did not take the redirect ${redirect.href}`)
  return { tabId: status.tabId, redirect }
}

/** `account` signed in through a session service (a new one unless given). */
export async function signedIn(account: { handle: string; password: string }, sessions = createTestSessions()): Promise<TestSessions> {
  await signInThroughService(sessions, account.handle, { username: account.handle, password: account.password })
  return sessions
}
