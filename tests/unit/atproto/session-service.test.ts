import { OAuthCallbackError, OAuthResolverError, TokenRevokedError, type OAuthClient, type OAuthSession } from '@atproto/oauth-client'
import { describe, expect, it, vi } from 'vitest'
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store'
import { createSessionService, type SignInPresenter, type SignInStatus } from '../../../lib/atproto/session-service'

// The session service over a fake OAuth client and fake browser pieces. The real client against the
// sandbox PDS is in tests/integration/auth/; here every ordering can be forced.

const REDIRECT = 'http://127.0.0.1:43917/tendril/oauth-callback'
const READER = 'did:plc:reader'
const START = Date.parse('2026-11-23T12:00:00Z')

type Overrides = Partial<Record<'authorize' | 'callback' | 'restore' | 'revoke', (...args: never[]) => unknown>>

interface Storage {
  accounts: AccountsState | null
  signIn: SignInStatus | null
}

interface SetupOptions {
  flow?: 'tab' | 'window'
  storage?: Storage
  openTabs?: Set<number>
  /** authorize() waits for this before storing its request (the server is slow to answer). */
  authorizeGate?: Promise<void>
}

function setup(overrides: Overrides = {}, options: SetupOptions = {}) {
  const storage: Storage = options.storage ?? { accounts: null, signIn: null }
  const accountsHistory: AccountsState[] = []
  const accounts = createAccountStore({
    get: async () => structuredClone(storage.accounts),
    set: async (v) => {
      storage.accounts = structuredClone(v)
      accountsHistory.push(structuredClone(v))
    },
  })
  const signIns = { get: async () => structuredClone(storage.signIn), set: async (v: SignInStatus | null) => void (storage.signIn = structuredClone(v)) }
  const session = { did: READER } as unknown as OAuthSession
  // authorize() stores its request under a key of its own; the watched store reports it by our id.
  const stored = new Map<string, string>()
  const client = {
    authorize: vi.fn(
      overrides.authorize ??
        (async (_input: string, opts: { state: string }) => {
          await options.authorizeGate
          stored.set(opts.state, `state-of-${opts.state}`)
          return new URL('http://localhost:2583/oauth/authorize?request_uri=urn:x')
        }),
    ),
    callback: vi.fn(overrides.callback ?? (async () => ({ session, state: null }))),
    restore: vi.fn(overrides.restore ?? (async () => session)),
    revoke: vi.fn(overrides.revoke ?? (async () => undefined)),
  }
  const deleted: string[] = []
  const requests = {
    take: (id: string) => {
      const key = stored.get(id)
      stored.delete(id)
      return key
    },
    del: async (key: string) => void deleted.push(key),
  }
  const openTabs = options.openTabs ?? new Set<number>()
  let nextTab = 42
  const presenter = {
    flow: options.flow ?? 'tab',
    present: vi.fn<SignInPresenter['present']>(async (_url, opened) => {
      const tabId = nextTab++
      openTabs.add(tabId)
      await opened(tabId)
      return { tabId }
    }),
    close: vi.fn(async (tabId: number) => void openTabs.delete(tabId)),
    exists: async (tabId: number) => openTabs.has(tabId),
  } satisfies SignInPresenter
  let clock = START
  let ids = 0
  const signedIn: string[] = []
  const service = createSessionService({
    client: client as unknown as OAuthClient,
    accounts,
    signIns,
    requests,
    presenter,
    redirectUri: REDIRECT,
    loadProfile: async () => ({ handle: 'reader.test', displayName: 'Reader', pds: 'http://localhost:2583' }),
    now: () => new Date(clock),
    newId: () => `sign-in-${++ids}`,
    onSignedIn: (did) => void signedIn.push(did),
  })
  return {
    signedIn,
    service,
    client,
    presenter,
    accounts,
    accountsHistory,
    deleted,
    openTabs,
    storage,
    signIn: () => storage.signIn,
    advance: (ms: number) => void (clock += ms),
  }
}

const redirect = (state: string, extra = 'code=c&iss=http%3A%2F%2Flocalhost%3A2583') => `${REDIRECT}?state=${state}&${extra}`

describe('starting a sign-in', () => {
  it('parses the input, records the blank tab, then shows the authorization page and waits', async () => {
    const { service, client, presenter, signIn } = setup()
    await service.beginSignIn('  @Reader.Test ')
    expect(client.authorize).toHaveBeenCalledWith('reader.test', { redirect_uri: REDIRECT, state: 'sign-in-1' })
    expect(presenter.present).toHaveBeenCalledOnce()
    expect(signIn()).toEqual({
      status: 'waiting',
      id: 'sign-in-1',
      flow: 'tab',
      requestKey: 'state-of-sign-in-1',
      tabId: 42,
      startedAt: '2026-11-23T12:00:00.000Z',
    })
  })

  it('two sign-ins started at once: the second is refused, only one tab opens', async () => {
    const { service, presenter } = setup()
    const results = await Promise.allSettled([service.beginSignIn('reader.test'), service.beginSignIn('reader.test')])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'SignInInProgress' } })
    expect(presenter.present).toHaveBeenCalledOnce()
  })

  it('refuses a second sign-in while one is waiting', async () => {
    const { service } = setup()
    await service.beginSignIn('reader.test')
    await expect(service.beginSignIn('reader.test')).rejects.toMatchObject({ code: 'SignInInProgress' })
  })

  it('rejects malformed input before any network call', async () => {
    const { service, client } = setup()
    await expect(service.beginSignIn('alice')).rejects.toMatchObject({ code: 'InvalidSignInInput' })
    expect(client.authorize).not.toHaveBeenCalled()
  })

  it.each([
    ['an unknown handle', new OAuthResolverError('Failed to resolve identity: nobody.test'), 'HandleNotResolved'],
    ['an unreachable PDS', new TypeError('fetch failed'), 'PdsUnreachable'],
  ])('%s: a clear error, signed out and usable', async (_name, error, code) => {
    const { service, accounts, signIn } = setup({
      authorize: async () => {
        throw error
      },
    })
    await expect(service.beginSignIn('nobody.test')).rejects.toMatchObject({ code })
    expect(signIn()).toMatchObject({ status: 'failed', error: { code } })
    expect((await accounts.read()).accounts).toEqual([])
  })
})

describe('finishing a sign-in from the redirect', () => {
  it('its own tab with its own state: closes the tab, stores the account, clears the status', async () => {
    const { service, client, presenter, accounts, signIn } = setup()
    await service.beginSignIn('reader.test')
    expect(await service.handleNavigation(42, redirect('state-of-sign-in-1'))).toBe(true)
    expect(presenter.close).toHaveBeenCalledWith(42)
    expect((client.callback.mock.calls[0] as unknown as [URLSearchParams])[0].get('code')).toBe('c')
    expect(await accounts.read()).toEqual({
      accounts: [{ did: READER, handle: 'reader.test', displayName: 'Reader', pds: 'http://localhost:2583', signedIn: true }],
      activeDid: READER,
    })
    expect(signIn()).toBeNull()
    // The same redirect seen again (tabs.onUpdated fires more than once) is not handled again.
    expect(await service.handleNavigation(42, redirect('state-of-sign-in-1'))).toBe(false)
    expect(client.callback).toHaveBeenCalledOnce()
  })

  it.each([
    ['another tab (a web page opened the redirect address)', 7, 'state-of-sign-in-1'],
    ['its own tab with a forged state', 42, 'forged'],
    ['its own tab without a state', 42, ''],
  ])('ignores %s and leaves that tab alone', async (_name, tabId, state) => {
    const { service, client, presenter, signIn } = setup()
    await service.beginSignIn('reader.test')
    const before = structuredClone(signIn())
    expect(await service.handleNavigation(tabId, redirect(state))).toBe(false)
    expect(client.callback).not.toHaveBeenCalled()
    expect(presenter.close).not.toHaveBeenCalled()
    expect(signIn()).toEqual(before)
    // …and the real redirect still finishes the sign-in.
    expect(await service.handleNavigation(42, redirect('state-of-sign-in-1'))).toBe(true)
    expect(signIn()).toBeNull()
  })

  it('ignores the redirect address while no sign-in waits', async () => {
    const { service, client, presenter } = setup()
    expect(await service.handleNavigation(7, redirect('anything'))).toBe(false)
    expect(client.callback).not.toHaveBeenCalled()
    expect(presenter.close).not.toHaveBeenCalled()
  })

  it('ignores navigations that are not exactly the redirect address', async () => {
    const { service, client } = setup()
    await service.beginSignIn('reader.test')
    for (const url of [
      'https://branchline.ink/',
      'http://127.0.0.1:43917/elsewhere?state=state-of-sign-in-1&code=c',
      `${REDIRECT}-evil?state=state-of-sign-in-1&code=c`,
      `http://127.0.0.1:43918/tendril/oauth-callback?state=state-of-sign-in-1&code=c`,
      'not a url',
    ]) {
      expect(await service.handleNavigation(42, url)).toBe(false)
    }
    expect(client.callback).not.toHaveBeenCalled()
  })

  it('a denied consent is its own message', async () => {
    const { service, signIn } = setup({
      callback: async () => {
        throw new OAuthCallbackError(new URLSearchParams({ error: 'access_denied', state: 's' }))
      },
    })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, redirect('state-of-sign-in-1', 'error=access_denied'))
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'ConsentDenied' } })
  })

  it('closing the tab after the redirect arrived is not "window closed"', async () => {
    let duringCallback: SignInStatus | null = null
    const { service, signIn } = setup({
      callback: async () => {
        // The browser reports the tab's removal (Tendril closed it) while the callback runs.
        await service.handleTabClosed(42)
        duringCallback = signIn()
        throw new OAuthCallbackError(new URLSearchParams({ error: 'access_denied', state: 's' }))
      },
    })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, redirect('state-of-sign-in-1', 'error=access_denied'))
    expect(duringCallback).toMatchObject({ status: 'waiting', redirected: true })
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'ConsentDenied' } })
  })

  it('hosted client: launchWebAuthFlow hands back the redirect and the sign-in is over at once', async () => {
    const { service, presenter, accounts, signIn } = setup({}, { flow: 'window' })
    presenter.present.mockImplementationOnce(async () => ({ redirect: new URL('https://abc.chromiumapp.org/?state=state-of-sign-in-1&code=c') }))
    expect(await service.beginSignIn('reader.test')).toBeNull()
    expect(signIn()).toBeNull()
    expect((await accounts.read()).activeDid).toBe(READER)
  })

  it('hosted client: a redirect carrying another state signs nobody in', async () => {
    const { service, presenter, client, accounts } = setup({}, { flow: 'window' })
    presenter.present.mockImplementationOnce(async () => ({ redirect: new URL('https://abc.chromiumapp.org/?state=forged&code=c') }))
    await service.beginSignIn('reader.test')
    expect(client.callback).not.toHaveBeenCalled()
    expect((await accounts.read()).accounts).toEqual([])
  })
})

describe('ending a sign-in that will not finish', () => {
  it('closing the sign-in tab ends it with its own message and deletes its request', async () => {
    const { service, signIn, deleted } = setup()
    await service.beginSignIn('reader.test')
    await service.handleTabClosed(7)
    expect(signIn()).toMatchObject({ status: 'waiting' })
    await service.handleTabClosed(42)
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'SignInWindowClosed' } })
    expect(deleted).toEqual(['state-of-sign-in-1'])
  })

  it('cancel: tab closed, request and key deleted, and its redirect arriving later signs nobody in', async () => {
    const { service, client, presenter, signIn, deleted, accounts } = setup()
    await service.beginSignIn('reader.test')
    expect(await service.cancelSignIn()).toEqual({ cancelled: true, windowLeftOpen: false })
    expect(presenter.close).toHaveBeenCalledWith(42)
    expect(deleted).toEqual(['state-of-sign-in-1'])
    expect(signIn()).toBeNull()
    expect(await service.handleNavigation(42, redirect('state-of-sign-in-1'))).toBe(false)
    expect(client.callback).not.toHaveBeenCalled()
    expect((await accounts.read()).accounts).toEqual([])
    // Nothing waits any more: a new sign-in may start.
    await service.beginSignIn('reader.test')
    expect(signIn()).toMatchObject({ status: 'waiting', id: 'sign-in-2' })
  })

  it('cancel while the server is still being asked: no tab ever opens, the request is deleted', async () => {
    let release!: () => void
    const authorizeGate = new Promise<void>((r) => (release = r))
    const { service, presenter, deleted, signIn } = setup({}, { authorizeGate })
    const begun = service.beginSignIn('reader.test')
    await vi.waitFor(() => expect(signIn()).toMatchObject({ status: 'waiting' }))
    expect(await service.cancelSignIn()).toEqual({ cancelled: true, windowLeftOpen: false })
    release()
    await begun
    expect(presenter.present).not.toHaveBeenCalled()
    expect(deleted).toEqual(['state-of-sign-in-1'])
    expect(signIn()).toBeNull()
  })

  it('cancel with the hosted client: says the window is left open, and its later redirect is ignored', async () => {
    let finishWindow!: (r: { redirect: URL }) => void
    const { service, presenter, client, deleted, signIn } = setup({}, { flow: 'window' })
    presenter.present.mockImplementationOnce(() => new Promise((resolve) => (finishWindow = resolve)))
    const begun = service.beginSignIn('reader.test')
    await vi.waitFor(() => expect(presenter.present).toHaveBeenCalled())
    expect(await service.cancelSignIn()).toEqual({ cancelled: true, windowLeftOpen: true })
    expect(deleted).toEqual(['state-of-sign-in-1'])
    finishWindow({ redirect: new URL('https://abc.chromiumapp.org/?state=state-of-sign-in-1&code=c') })
    await begun
    expect(client.callback).not.toHaveBeenCalled()
    expect(signIn()).toBeNull()
  })

  it('cancel while the code is being exchanged: the new session is revoked and nobody is signed in', async () => {
    let cancelled: Promise<unknown> | undefined
    const { service, client, accounts, signIn } = setup({
      callback: async () => {
        cancelled = service.cancelSignIn()
        await cancelled
        return { session: { did: READER } as unknown as OAuthSession, state: null }
      },
    })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, redirect('state-of-sign-in-1'))
    expect(await cancelled).toEqual({ cancelled: true, windowLeftOpen: false })
    expect(client.revoke).toHaveBeenCalledWith(READER)
    expect((await accounts.read()).accounts).toEqual([])
    expect(signIn()).toBeNull()
  })

  it('cancel with nothing waiting changes nothing', async () => {
    const { service, presenter } = setup()
    expect(await service.cancelSignIn()).toEqual({ cancelled: false, windowLeftOpen: false })
    expect(presenter.close).not.toHaveBeenCalled()
  })

  it('a sign-in whose tab is gone ends as soon as anyone asks', async () => {
    const { service, openTabs, deleted } = setup()
    await service.beginSignIn('reader.test')
    openTabs.delete(42) // closed while the worker was stopped: no onRemoved event will come
    expect(await service.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'SignInWindowClosed' } })
    expect(deleted).toEqual(['state-of-sign-in-1'])
  })

  it('a sign-in waiting 10 minutes ends (moving the clock)', async () => {
    const { service, advance } = setup()
    await service.beginSignIn('reader.test')
    advance(10 * 60_000 - 1)
    expect(await service.signInStatus()).toMatchObject({ status: 'waiting' })
    advance(1)
    expect(await service.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'SignInTimedOut' } })
  })

  it('a sign-in started by a worker that stopped before recording its tab ends when a new worker is asked', async () => {
    const storage: Storage = {
      accounts: null,
      signIn: { status: 'waiting', id: 'old', flow: 'tab', requestKey: 'state-of-old', startedAt: new Date(START).toISOString() },
    }
    const { service, deleted } = setup({}, { storage })
    expect(await service.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'SignInInterrupted' } })
    expect(deleted).toEqual(['state-of-old'])
  })

  it('a sign-in whose tab a stopped worker recorded keeps waiting in the new worker, and finishes there', async () => {
    const openTabs = new Set([42])
    const storage: Storage = {
      accounts: null,
      signIn: { status: 'waiting', id: 'old', flow: 'tab', requestKey: 'state-of-old', tabId: 42, startedAt: new Date(START).toISOString() },
    }
    const { service, accounts } = setup({}, { storage, openTabs })
    expect(await service.signInStatus()).toMatchObject({ status: 'waiting', tabId: 42 })
    expect(await service.handleNavigation(42, redirect('state-of-old'))).toBe(true)
    expect((await accounts.read()).activeDid).toBe(READER)
  })
})

describe('a worker woken by the redirect', () => {
  it('the sweep it runs at start does not take the redirect it is finishing for an interrupted sign-in', async () => {
    const openTabs = new Set([42])
    const storage: Storage = {
      accounts: null,
      signIn: { status: 'waiting', id: 'old', flow: 'tab', requestKey: 'state-of-old', tabId: 42, startedAt: new Date(START).toISOString() },
    }
    let reconciled: Promise<void> | undefined
    const { service, accounts, signIn } = setup(
      {
        callback: async () => {
          // The tab is closed (by Tendril) and the start-up sweep runs while the code is exchanged.
          openTabs.delete(42)
          reconciled = service.reconcile()
          await reconciled
          return { session: { did: READER } as unknown as OAuthSession, state: null }
        },
      },
      { storage, openTabs },
    )
    expect(await service.handleNavigation(42, redirect('state-of-old'))).toBe(true)
    expect(reconciled).toBeDefined()
    expect((await accounts.read()).activeDid).toBe(READER)
    expect(signIn()).toBeNull()
  })
})

describe('sessions', () => {
  it('serialises restores: concurrent callers share one', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { service, client, accounts } = setup({
      restore: async () => {
        await gate
        return { did: READER }
      },
    })
    await accounts.signedIn({ did: READER })
    const all = Promise.all([service.restore(READER), service.restore(READER), service.restore(READER)])
    release()
    const sessions = await all
    expect(client.restore).toHaveBeenCalledOnce()
    expect(new Set(sessions).size).toBe(1)
  })

  it('refuses to restore an account that is not signed in', async () => {
    const { service, client } = setup()
    await expect(service.restore(READER)).rejects.toMatchObject({ code: 'Unauthorized' })
    expect(client.restore).not.toHaveBeenCalled()
  })

  it('tells the worker once an account has signed in (what waited for it can go), and not before', async () => {
    const { service, signedIn } = setup()
    await service.beginSignIn('reader.test')
    expect(signedIn).toEqual([])
    await service.handleNavigation(42, redirect('state-of-sign-in-1'))
    expect(signedIn).toEqual([READER])
  })

  it('a session deleted elsewhere signs the account out with the reason', async () => {
    const { service, accounts } = setup()
    await accounts.signedIn({ did: READER })
    const revoked = new TokenRevokedError(READER)
    await service.sessionDeleted(READER, revoked)
    expect((await accounts.read()).accounts[0]).toMatchObject({ signedIn: false, signedOutReason: expect.stringMatching(/revoked/) })
  })

  it('deletionsSettled() waits for a deletion reported but not yet recorded (the client does not await its report)', async () => {
    const { service, accounts } = setup()
    await accounts.signedIn({ did: READER })
    void service.sessionDeleted(READER, new TokenRevokedError(READER))
    await service.deletionsSettled()
    expect((await accounts.read()).accounts[0]).toMatchObject({ signedIn: false })
  })

  it('signing in again to a signed-in account never shows it signed out, even for a moment', async () => {
    const revoked = new TokenRevokedError(READER)
    const { service, accounts, accountsHistory } = setup({
      callback: async () => {
        // callback() revokes the older session of the same DID and reports it deleted, before
        // returning (and so before the service knows which DID is signing in).
        await service.sessionDeleted(READER, revoked)
        return { session: { did: READER } as unknown as OAuthSession, state: null }
      },
    })
    await accounts.signedIn({ did: READER })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, redirect('state-of-sign-in-1'))
    expect(accountsHistory.map((s) => s.accounts.find((a) => a.did === READER)?.signedIn)).not.toContain(false)
    expect((await accounts.read()).accounts[0]?.signedIn).toBe(true)
  })

  it('a deletion of another account reported during a sign-in still signs that account out', async () => {
    const OTHER = 'did:plc:other'
    const { service, accounts } = setup({
      callback: async () => {
        await service.sessionDeleted(OTHER, new Error('refresh refused'))
        return { session: { did: READER } as unknown as OAuthSession, state: null }
      },
    })
    await accounts.signedIn({ did: OTHER })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, redirect('state-of-sign-in-1'))
    const { accounts: list } = await accounts.read()
    expect(list.find((a) => a.did === OTHER)).toMatchObject({ signedIn: false, signedOutReason: expect.stringMatching(/ended this session/) })
    expect(list.find((a) => a.did === READER)).toMatchObject({ signedIn: true })
  })

  it('sign-out revokes at the PDS and forgets the account, even if the PDS is down', async () => {
    const { service, client, accounts } = setup({
      revoke: async () => {
        throw new TypeError('fetch failed')
      },
    })
    await accounts.signedIn({ did: READER })
    await expect(service.signOut(READER)).rejects.toMatchObject({ code: 'PdsUnreachable', message: expect.stringMatching(/^Signed out on this browser/) })
    expect(client.revoke).toHaveBeenCalledWith(READER)
    expect((await accounts.read()).accounts).toEqual([])
  })

  it('dismiss forgets a failed sign-in but never a waiting one', async () => {
    const { service, signIn } = setup()
    await service.beginSignIn('reader.test')
    await service.dismissSignInStatus()
    expect(signIn()).toMatchObject({ status: 'waiting' })
    await service.handleTabClosed(42)
    await service.dismissSignInStatus()
    expect(signIn()).toBeNull()
  })
})
