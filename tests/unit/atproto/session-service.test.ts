import { OAuthCallbackError, OAuthResolverError, type OAuthClient, type OAuthSession } from '@atproto/oauth-client'
import { describe, expect, it, vi } from 'vitest'
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store'
import { createSessionService, type SignInStatus } from '../../../lib/atproto/session-service'

const REDIRECT = 'http://127.0.0.1:43917/tendril/oauth-callback'
const READER = 'did:plc:reader'

function setup(overrides: Partial<Record<'authorize' | 'callback' | 'restore' | 'revoke', (...args: never[]) => unknown>> = {}) {
  let accountsValue: AccountsState | null = null
  let signInValue: SignInStatus | null = null
  const accounts = createAccountStore({ get: async () => accountsValue, set: async (v) => void (accountsValue = v) })
  const signIns = { get: async () => signInValue, set: async (v: SignInStatus | null) => void (signInValue = v) }
  const session = { did: READER } as unknown as OAuthSession
  const client = {
    authorize: vi.fn(overrides.authorize ?? (async () => new URL('http://localhost:2583/oauth/authorize?request_uri=urn:x'))),
    callback: vi.fn(overrides.callback ?? (async () => ({ session, state: null }))),
    restore: vi.fn(overrides.restore ?? (async () => session)),
    revoke: vi.fn(overrides.revoke ?? (async () => undefined)),
  }
  const presenter = { present: vi.fn(async () => ({ tabId: 42 })), close: vi.fn(async () => undefined) }
  const service = createSessionService({
    client: client as unknown as OAuthClient,
    accounts,
    signIns,
    presenter,
    redirectUri: REDIRECT,
    loadProfile: async () => ({ handle: 'reader.test', displayName: 'Reader', pds: 'http://localhost:2583' }),
    now: () => new Date('2026-11-23T12:00:00Z'),
  })
  return { service, client, presenter, accounts, signIn: () => signInValue }
}

describe('sign-in', () => {
  it('parses the input, opens the authorization page in a tab and waits', async () => {
    const { service, client, presenter, signIn } = setup()
    await service.beginSignIn('  @Reader.Test ')
    expect(client.authorize).toHaveBeenCalledWith('reader.test', { redirect_uri: REDIRECT })
    expect(presenter.present).toHaveBeenCalledOnce()
    expect(signIn()).toEqual({ status: 'waiting', tabId: 42, startedAt: '2026-11-23T12:00:00.000Z' })
  })

  it('finishes on the loopback redirect: closes the tab, stores the account, clears the status', async () => {
    const { service, client, presenter, accounts, signIn } = setup()
    await service.beginSignIn('reader.test')
    const handled = await service.handleNavigation(42, `${REDIRECT}?state=s1&iss=http%3A%2F%2Flocalhost%3A2583&code=c`)
    expect(handled).toBe(true)
    expect(presenter.close).toHaveBeenCalledWith(42)
    expect((client.callback.mock.calls[0] as unknown as [URLSearchParams])[0].get('code')).toBe('c')
    expect(await accounts.read()).toEqual({
      accounts: [{ did: READER, handle: 'reader.test', displayName: 'Reader', pds: 'http://localhost:2583', signedIn: true }],
      activeDid: READER,
    })
    expect(signIn()).toBeNull()
    // The same redirect seen again (tabs.onUpdated fires more than once) is handled once.
    await service.handleNavigation(42, `${REDIRECT}?state=s1&code=c`)
    expect(client.callback).toHaveBeenCalledOnce()
  })

  it('hosted client: launchWebAuthFlow hands back the redirect and the sign-in is over at once', async () => {
    const { service, presenter, accounts, signIn } = setup()
    presenter.present.mockImplementationOnce(async () => ({ redirect: new URL(`https://abc.chromiumapp.org/?state=s&code=c`) }) as never)
    expect(await service.beginSignIn('reader.test')).toBeNull()
    expect(signIn()).toBeNull()
    expect((await accounts.read()).activeDid).toBe(READER)
  })

  it('ignores navigations that are not the redirect', async () => {
    const { service, client } = setup()
    expect(await service.handleNavigation(1, 'https://branchline.ink/')).toBe(false)
    expect(await service.handleNavigation(1, 'http://127.0.0.1:43917/elsewhere?code=c')).toBe(false)
    expect(client.callback).not.toHaveBeenCalled()
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
    await service.handleNavigation(42, `${REDIRECT}?error=access_denied&state=s`)
    expect(duringCallback).toMatchObject({ status: 'waiting' })
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'ConsentDenied' } })
  })

  it('a denied consent is its own message', async () => {
    const { service, signIn } = setup({
      callback: async () => {
        throw new OAuthCallbackError(new URLSearchParams({ error: 'access_denied', state: 's' }))
      },
    })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, `${REDIRECT}?error=access_denied&state=s`)
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'ConsentDenied' } })
  })

  it('closing the sign-in tab ends the sign-in with its own message', async () => {
    const { service, signIn } = setup()
    await service.beginSignIn('reader.test')
    await service.handleTabClosed(7)
    expect(signIn()).toMatchObject({ status: 'waiting' })
    await service.handleTabClosed(42)
    expect(signIn()).toMatchObject({ status: 'failed', error: { code: 'SignInWindowClosed' } })
  })

  it('refuses a second sign-in while one is waiting', async () => {
    const { service } = setup()
    await service.beginSignIn('reader.test')
    await expect(service.beginSignIn('reader.test')).rejects.toMatchObject({ code: 'SignInInProgress' })
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

  it('a session deleted elsewhere signs the account out with the reason; a first sign-in’s does not', async () => {
    const { service, accounts, client } = setup()
    client.callback.mockImplementationOnce(async () => {
      // callback() clears any older session and reports it deleted before returning.
      await service.sessionDeleted(READER, new Error('no session'))
      return { session: { did: READER } as unknown as OAuthSession, state: null }
    })
    await service.beginSignIn('reader.test')
    await service.handleNavigation(42, `${REDIRECT}?state=s&code=c`)
    expect((await accounts.read()).accounts[0]?.signedIn).toBe(true)

    const revoked = Object.assign(new Error('The session was revoked'), { name: 'TokenRevokedError' })
    await service.sessionDeleted(READER, revoked)
    expect((await accounts.read()).accounts[0]).toMatchObject({ signedIn: false, signedOutReason: expect.stringMatching(/revoked/) })
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
})
