import { XRPCError } from '@atproto/xrpc'
import { PdsUnreachableError, PendingWritesError, SessionExpiredError, UnauthorizedError } from '../errors'
import type { AccountStore } from '../accounts/account-store'
import type { PdsClients } from '../atproto/pds-client'
import type { ServiceAuth } from '../atproto/service-auth'
import type { SessionService } from '../atproto/session-service'
import type { AuthState } from '../messages'
import type { Journal } from '../writes/journal'
import type { Handlers } from './router'

type AuthHandlers = Pick<
  Handlers,
  'auth.state' | 'auth.confirm' | 'auth.signIn' | 'auth.cancelSignIn' | 'auth.dismiss' | 'auth.switch' | 'auth.signOut'
>

export interface AuthHandlerDeps {
  sessions: SessionService
  accounts: AccountStore
  pds: PdsClients
  serviceAuth: ServiceAuth
  /** The write journal: signing out asks before dropping an account's unsaved writes. */
  writes: Pick<Journal, 'list' | 'discardAccount'>
  /** What Tendril keeps of the account's own records (its bookmarks mirror), forgotten at sign-out. */
  forgetAccount?(did: string): Promise<void>
  now?: () => Date
}

export function createAuthHandlers(deps: AuthHandlerDeps): AuthHandlers {
  const now = deps.now ?? (() => new Date())

  async function state(): Promise<AuthState> {
    await deps.sessions.deletionsSettled()
    const [{ accounts, activeDid }, signIn] = await Promise.all([deps.accounts.read(), deps.sessions.signInStatus()])
    return {
      accounts: accounts.map(({ did, handle, displayName, pds, signedIn, signedOutReason }) => ({
        did,
        handle,
        displayName,
        pds,
        signedIn,
        signedOutReason,
      })),
      activeDid,
      // A waiting sign-in's tab, request and id are the worker's business only.
      signIn: signIn && (signIn.status === 'waiting' ? { status: 'waiting', startedAt: signIn.startedAt } : signIn),
    }
  }

  return {
    'auth.state': state,

    async 'auth.confirm'() {
      const { activeDid } = await deps.accounts.read()
      if (!activeDid) throw new UnauthorizedError()
      const client = await deps.pds.clientFor(activeDid)
      try {
        const { data } = await client.com.atproto.server.getSession()
        return { did: data.did, handle: data.handle, confirmedAt: now().toISOString() }
      } catch (cause) {
        if (cause instanceof XRPCError && (cause.status === 401 || cause.status === 403)) throw new SessionExpiredError({ cause })
        throw new PdsUnreachableError({ cause })
      }
    },

    async 'auth.signIn'(request) {
      await deps.sessions.beginSignIn(request.input)
      return state()
    },

    async 'auth.cancelSignIn'() {
      const { windowLeftOpen } = await deps.sessions.cancelSignIn()
      return { state: await state(), windowLeftOpen }
    },

    async 'auth.dismiss'() {
      await deps.sessions.dismissSignInStatus()
      return state()
    },

    async 'auth.switch'(request) {
      await deps.accounts.activate(request.did)
      return state()
    },

    async 'auth.signOut'(request) {
      // Writes not yet saved would be lost with the session: the reader decides first.
      const unsaved = (await deps.writes.list(request.did)).length
      if (unsaved > 0 && !request.discardWrites) throw new PendingWritesError(unsaved)
      if (unsaved > 0) await deps.writes.discardAccount(request.did)
      deps.serviceAuth.forget(request.did)
      await deps.sessions.signOut(request.did)
      await deps.forgetAccount?.(request.did).catch(() => undefined)
      return state()
    },
  }
}
