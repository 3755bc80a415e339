import { XRPCError } from '@atproto/xrpc'
import type { OAuthClient } from '@atproto/oauth-client'
import { describe, expect, it, vi } from 'vitest'
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store'
import type { PdsClients } from '../../../lib/atproto/pds-client'
import type { ServiceAuth } from '../../../lib/atproto/service-auth'
import { createSessionService, type SessionService, type SignInStatus } from '../../../lib/atproto/session-service'
import { createAuthHandlers } from '../../../lib/worker/auth-handlers'

const READER = 'did:plc:reader'
const popup = { kind: 'extension-page' as const }
/** A journal with nothing in it. */
const noWrites = { list: async () => [], discardAccount: async () => 0 }

function accountStore(initial: AccountsState | null) {
  let value = initial
  return createAccountStore({ get: async () => value, set: async (v) => void (value = v) })
}

describe('auth handlers', () => {
  it('answer with plain account data only, whatever else the stored record carries', async () => {
    // A record that (by some future mistake) carried session material must not cross the boundary.
    const leaky = { did: 'did:plc:r', handle: 'r.test', signedIn: true, tokenSet: { access_token: 'SECRET' }, dpopKey: { d: 'SECRET' } }
    const accounts = accountStore({ accounts: [leaky], activeDid: 'did:plc:r' })
    const sessions = {
      deletionsSettled: async () => undefined,
      signInStatus: vi.fn(async () => ({
        status: 'waiting' as const,
        id: 'sign-in-1',
        flow: 'tab' as const,
        requestKey: 'SECRET-state',
        tabId: 7,
        startedAt: '2026-11-23T00:00:00.000Z',
      })),
    } as unknown as SessionService
    const handlers = createAuthHandlers({ sessions, accounts, pds: {} as PdsClients, serviceAuth: {} as ServiceAuth, writes: noWrites })
    const state = await handlers['auth.state']({ type: 'auth.state' }, popup)
    expect(JSON.stringify(state)).not.toContain('SECRET')
    expect(state).toEqual({
      accounts: [{ did: 'did:plc:r', handle: 'r.test', signedIn: true }],
      activeDid: 'did:plc:r',
      signIn: { status: 'waiting', startedAt: '2026-11-23T00:00:00.000Z' },
    })
  })

  it.each([
    ['a tab sign-in', { cancelled: true, windowLeftOpen: false }],
    ['Chrome’s sign-in window', { cancelled: true, windowLeftOpen: true }],
  ])('auth.cancelSignIn cancels %s and says whether its window is left open', async (_name, outcome) => {
    let value: AccountsState | null = null
    const accounts = createAccountStore({ get: async () => value, set: async (v) => void (value = v) })
    const sessions = {
      deletionsSettled: async () => undefined,
      cancelSignIn: vi.fn(async () => outcome),
      signInStatus: vi.fn(async () => null),
    } as unknown as SessionService
    const handlers = createAuthHandlers({ sessions, accounts, pds: {} as PdsClients, serviceAuth: {} as ServiceAuth, writes: noWrites })
    expect(await handlers['auth.cancelSignIn']({ type: 'auth.cancelSignIn' }, { kind: 'extension-page' })).toEqual({
      state: { accounts: [], activeDid: null, signIn: null },
      windowLeftOpen: outcome.windowLeftOpen,
    })
    expect(sessions.cancelSignIn).toHaveBeenCalledOnce()
  })
})

// auth.confirm is the popup's "Connected to …": an authenticated com.atproto.server.getSession on
// the active account's PDS. How it fails decides what the reader is told: the server refusing the
// session (401/403) means signing in again; anything else (a 5xx, no answer at all) means the
// server is unreachable right now and the session is kept.
describe('auth.confirm', () => {
  function setup(getSession: () => Promise<unknown>, activeDid: string | null = READER) {
    const accounts = accountStore({ accounts: [{ did: READER, handle: 'reader.test', signedIn: true }], activeDid })
    const call = vi.fn(getSession)
    const pds = { clientFor: vi.fn(async () => ({ com: { atproto: { server: { getSession: call } } } })) } as unknown as PdsClients
    const handlers = createAuthHandlers({
      sessions: {} as SessionService,
      accounts,
      pds,
      serviceAuth: {} as ServiceAuth,
      writes: noWrites,
      now: () => new Date('2026-11-23T12:00:00Z'),
    })
    return { confirm: () => handlers['auth.confirm']({ type: 'auth.confirm' }, popup), pds, getSession: call }
  }

  it('asks the active account’s PDS and answers with the DID and handle the PDS gave', async () => {
    const { confirm, pds } = setup(async () => ({ data: { did: READER, handle: 'reader.test' } }))
    expect(await confirm()).toEqual({ did: READER, handle: 'reader.test', confirmedAt: '2026-11-23T12:00:00.000Z' })
    expect(pds.clientFor).toHaveBeenCalledWith(READER)
  })

  it.each([
    ['401', () => new XRPCError(401, 'InvalidToken', 'Token has been revoked')],
    ['403', () => new XRPCError(403, 'Forbidden', 'Forbidden')],
  ])('a %s from the PDS is SessionExpired: sign in again', async (_status, error) => {
    const thrown = error()
    const { confirm } = setup(async () => {
      throw thrown
    })
    await expect(confirm()).rejects.toMatchObject({
      code: 'SessionExpired',
      message: 'Your session has ended. Sign in again to continue.',
      cause: thrown,
    })
  })

  it.each([
    ['a 500', () => new XRPCError(500, 'InternalServerError', 'boom')],
    ['a 502 from a proxy', () => new XRPCError(502)],
    ['a 400', () => new XRPCError(400, 'InvalidRequest', 'bad')],
    ['no answer (XRPC wraps the fetch failure)', () => XRPCError.from(new TypeError('fetch failed'))],
    ['no answer (a bare fetch failure)', () => new TypeError('fetch failed')],
  ])('%s is PdsUnreachable: the session is kept', async (_what, error) => {
    const thrown = error()
    const { confirm } = setup(async () => {
      throw thrown
    })
    await expect(confirm()).rejects.toMatchObject({
      code: 'PdsUnreachable',
      message: 'Could not reach your account’s server (PDS). Try again later.',
      cause: thrown,
    })
  })

  it('without an active account is Unauthorized, and asks no server', async () => {
    const { confirm, pds, getSession } = setup(async () => ({ data: { did: READER } }), null)
    await expect(confirm()).rejects.toMatchObject({ code: 'Unauthorized' })
    expect(pds.clientFor).not.toHaveBeenCalled()
    expect(getSession).not.toHaveBeenCalled()
  })
})

// auth.dismiss is the popup's "Dismiss" under a failed sign-in: the failure must be gone from the
// worker's own record (storage.session), not just from the answer, or it reappears next time.
describe('auth.dismiss', () => {
  it('clears a failed sign-in from the worker’s record and leaves the accounts alone', async () => {
    let stored: SignInStatus | null = {
      status: 'failed',
      error: { code: 'ConsentDenied', message: 'You declined to let Tendril use your account.' },
      at: '2026-11-23T12:00:00.000Z',
    }
    const signIns = { get: async () => stored, set: async (v: SignInStatus | null) => void (stored = v) }
    const accounts = accountStore({ accounts: [{ did: READER, handle: 'reader.test', signedIn: true }], activeDid: READER })
    // The real session service over fake storage: the handler must go through it to the record.
    const sessions = createSessionService({
      client: {} as OAuthClient,
      accounts,
      signIns,
      requests: { take: () => undefined, del: async () => undefined },
      presenter: { flow: 'tab', present: async () => ({ tabId: 1 }) },
      redirectUri: 'http://127.0.0.1:43917/tendril/oauth-callback',
      loadProfile: async () => ({}),
    })
    const handlers = createAuthHandlers({ sessions, accounts, pds: {} as PdsClients, serviceAuth: {} as ServiceAuth, writes: noWrites })
    expect((await handlers['auth.state']({ type: 'auth.state' }, popup)).signIn).toMatchObject({ status: 'failed' })

    const after = await handlers['auth.dismiss']({ type: 'auth.dismiss' }, popup)
    expect(after).toEqual({ accounts: [{ did: READER, handle: 'reader.test', signedIn: true }], activeDid: READER, signIn: null })
    expect(stored).toBeNull()
    expect((await handlers['auth.state']({ type: 'auth.state' }, popup)).signIn).toBeNull()
  })

  it('auth.state waits for a session deletion still being recorded (the popup asks right after auth.confirm failed)', async () => {
    let value: AccountsState | null = { accounts: [{ did: READER, handle: 'reader.test', signedIn: true }], activeDid: READER }
    const accounts = createAccountStore({ get: async () => value, set: async (v) => void (value = v) })
    // The deletion is recorded a moment after the question was asked.
    const recorded = new Promise<void>((resolve) =>
      setTimeout(() => {
        value = { accounts: [{ did: READER, handle: 'reader.test', signedIn: false, signedOutReason: 'revoked' }], activeDid: READER }
        resolve()
      }, 20),
    )
    const sessions = {
      deletionsSettled: () => recorded,
      signInStatus: async () => null,
    } as unknown as SessionService
    const handlers = createAuthHandlers({ sessions, accounts, pds: {} as PdsClients, serviceAuth: {} as ServiceAuth, writes: noWrites })
    const answer = handlers['auth.state']({ type: 'auth.state' }, popup)
    expect((await answer).accounts[0]).toMatchObject({ signedIn: false, signedOutReason: 'revoked' })
  })

  describe('auth.signOut with writes not saved yet', () => {
    function setupSignOut(unsaved: number) {
      const sessions = { deletionsSettled: async () => undefined, signInStatus: async () => null, signOut: vi.fn(async () => undefined) } as unknown as SessionService
      const writes = {
        list: vi.fn(async () => Array.from({ length: unsaved }, (_, i) => ({ id: `w${i}` }))),
        discardAccount: vi.fn(async () => unsaved),
      }
      const serviceAuth = { forget: vi.fn() } as unknown as ServiceAuth
      const handlers = createAuthHandlers({ sessions, accounts: accountStore(null), pds: {} as PdsClients, serviceAuth, writes: writes as never })
      return { handlers, sessions, writes }
    }

    it('asks first: PendingWrites with the count in words, and nothing is signed out or dropped', async () => {
      const { handlers, sessions, writes } = setupSignOut(2)
      await expect(handlers['auth.signOut']({ type: 'auth.signOut', did: READER }, popup)).rejects.toMatchObject({
        code: 'PendingWrites',
        message: '2 changes of this account are not saved to your server yet. Signing out now drops them.',
      })
      expect(sessions.signOut).not.toHaveBeenCalled()
      expect(writes.discardAccount).not.toHaveBeenCalled()
    })

    it('once the reader agreed (discardWrites), drops them and signs out', async () => {
      const { handlers, sessions, writes } = setupSignOut(1)
      await handlers['auth.signOut']({ type: 'auth.signOut', did: READER, discardWrites: true }, popup)
      expect(writes.discardAccount).toHaveBeenCalledWith(READER)
      expect(sessions.signOut).toHaveBeenCalledWith(READER)
    })

    it('with nothing unsaved, signs out without asking', async () => {
      const { handlers, sessions } = setupSignOut(0)
      await handlers['auth.signOut']({ type: 'auth.signOut', did: READER }, popup)
      expect(sessions.signOut).toHaveBeenCalledWith(READER)
    })
  })
})
