import { describe, expect, it, vi } from 'vitest'
import { createAccountStore, type AccountsState } from '../../../lib/accounts/account-store'
import type { AgentFactory } from '../../../lib/atproto/agent'
import type { ServiceAuth } from '../../../lib/atproto/service-auth'
import type { SessionService } from '../../../lib/atproto/session-service'
import { createAuthHandlers } from '../../../lib/worker/auth-handlers'

describe('auth handlers', () => {
  it('answer with plain account data only, whatever else the stored record carries', async () => {
    // A record that (by some future mistake) carried session material must not cross the boundary.
    const leaky = { did: 'did:plc:r', handle: 'r.test', signedIn: true, tokenSet: { access_token: 'SECRET' }, dpopKey: { d: 'SECRET' } }
    let value: AccountsState | null = { accounts: [leaky], activeDid: 'did:plc:r' }
    const accounts = createAccountStore({ get: async () => value, set: async (v) => void (value = v) })
    const sessions = {
      signInStatus: vi.fn(async () => ({
        status: 'waiting' as const,
        id: 'sign-in-1',
        flow: 'tab' as const,
        requestKey: 'SECRET-state',
        tabId: 7,
        startedAt: '2026-11-23T00:00:00.000Z',
      })),
    } as unknown as SessionService
    const handlers = createAuthHandlers({ sessions, accounts, agents: {} as AgentFactory, serviceAuth: {} as ServiceAuth })
    const state = await handlers['auth.state']({ type: 'auth.state' }, { kind: 'extension-page' })
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
      cancelSignIn: vi.fn(async () => outcome),
      signInStatus: vi.fn(async () => null),
    } as unknown as SessionService
    const handlers = createAuthHandlers({ sessions, accounts, agents: {} as AgentFactory, serviceAuth: {} as ServiceAuth })
    expect(await handlers['auth.cancelSignIn']({ type: 'auth.cancelSignIn' }, { kind: 'extension-page' })).toEqual({
      state: { accounts: [], activeDid: null, signIn: null },
      windowLeftOpen: outcome.windowLeftOpen,
    })
    expect(sessions.cancelSignIn).toHaveBeenCalledOnce()
  })
})
