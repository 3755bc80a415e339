import type { OAuthClient, OAuthSession } from '@atproto/oauth-client'
import { isNetworkFailure, TendrilError, toErrorInfo, type ErrorInfo } from '../errors'
import type { AccountStore } from '../accounts/account-store'
import {
  describeAuthorizeError,
  describeCallbackError,
  signInInProgress,
  signInWindowClosed,
} from './oauth/sign-in-errors'
import { parseSignInInput, toOAuthInput } from './sign-in-input'

// The reader's sessions, owned by the background worker: starting a sign-in, finishing it from the
// authorization server's redirect, restoring a session for a request, signing out, and noticing a
// session that ended elsewhere. Nothing here ever hands a token or key to a caller.

/** A sign-in that is waiting for the reader (in storage.session, so it survives a worker stop). */
export type SignInStatus =
  | { status: 'waiting'; tabId?: number; startedAt: string }
  | { status: 'failed'; error: ErrorInfo; at: string }

export interface SignInStatusArea {
  get(): Promise<SignInStatus | null>
  set(status: SignInStatus | null): Promise<void>
}

/** Shows the authorization page: either a tab whose redirect arrives later as an event (loopback
 * client), or a flow that returns the redirect's parameters itself (launchWebAuthFlow). */
export interface SignInPresenter {
  present(authorizeUrl: URL): Promise<{ tabId: number } | { redirect: URL }>
  close?(tabId: number): Promise<void>
}

export interface Profile {
  handle?: string
  displayName?: string
  pds?: string
}

export interface SessionServiceDeps {
  client: OAuthClient
  accounts: AccountStore
  signIns: SignInStatusArea
  presenter: SignInPresenter
  redirectUri: string
  /** Accept http:// server addresses (the sandbox build only). */
  allowHttp?: boolean
  /** Handle, display name and PDS of a freshly signed-in account (public data only). */
  loadProfile(session: OAuthSession): Promise<Profile>
  now?: () => Date
}

export class UnauthorizedError extends TendrilError {
  constructor(message = 'Sign in to Tendril first.') {
    super('Unauthorized', message)
  }
}

export function createSessionService(deps: SessionServiceDeps) {
  const now = deps.now ?? (() => new Date())
  const restoring = new Map<string, Promise<OAuthSession>>()
  /** DIDs whose first sign-in is completing: the library then reports a "deleted" session that
   * never existed (callback() clears any older one), which is not a sign-out. */
  const completing = new Set<string>()
  const handledStates = new Set<string>()

  async function fail(error: unknown): Promise<never> {
    await deps.signIns.set({ status: 'failed', error: toErrorInfo(error), at: now().toISOString() })
    throw error
  }

  async function complete(redirect: URL) {
    const params = redirect.searchParams
    let did: string | undefined
    try {
      const { session } = await deps.client.callback(params, { redirect_uri: deps.redirectUri as never })
      did = session.did
      completing.add(did)
      const profile = await deps.loadProfile(session).catch(() => ({}) as Profile)
      await deps.accounts.signedIn({ did, ...profile })
      await deps.signIns.set(null)
      return (await deps.accounts.read()).accounts.find((a) => a.did === did)!
    } catch (error) {
      return fail(describeCallbackError(error))
    } finally {
      if (did) completing.delete(did)
    }
  }

  const service = {
    /** Starts a sign-in for what the reader typed. Only extension pages may call this. */
    async beginSignIn(raw: string): Promise<SignInStatus | null> {
      const input = parseSignInInput(raw, { allowHttp: deps.allowHttp })
      const current = await deps.signIns.get()
      if (current?.status === 'waiting' && Date.parse(current.startedAt) > now().getTime() - 10 * 60_000) {
        throw signInInProgress()
      }
      let url: URL
      try {
        url = await deps.client.authorize(toOAuthInput(input), { redirect_uri: deps.redirectUri as never })
      } catch (error) {
        return fail(describeAuthorizeError(error, input))
      }
      const waiting: SignInStatus = { status: 'waiting', startedAt: now().toISOString() }
      await deps.signIns.set(waiting)
      let shown: { tabId: number } | { redirect: URL }
      try {
        shown = await deps.presenter.present(url)
      } catch {
        return fail(signInWindowClosed())
      }
      if ('redirect' in shown) {
        // launchWebAuthFlow hands the redirect back directly: the sign-in is over (null) or failed.
        await complete(shown.redirect)
        return deps.signIns.get()
      }
      const status: SignInStatus = { ...waiting, tabId: shown.tabId }
      await deps.signIns.set(status)
      return status
    },

    /** A tab navigated somewhere: if it is our loopback redirect, finish the sign-in there. */
    async handleNavigation(tabId: number, url: string): Promise<boolean> {
      if (!url.startsWith(deps.redirectUri)) return false
      const redirect = new URL(url)
      const state = redirect.searchParams.get('state') ?? ''
      if (handledStates.has(state)) return true
      handledStates.add(state)
      // The redirect has arrived: from here on, closing the tab is our doing, not the reader
      // giving up, so detach the waiting sign-in from the tab before closing it.
      const current = await deps.signIns.get()
      if (current?.status === 'waiting' && current.tabId === tabId) {
        await deps.signIns.set({ status: 'waiting', startedAt: current.startedAt })
      }
      await deps.presenter.close?.(tabId).catch(() => undefined)
      await complete(redirect).catch(() => undefined)
      return true
    },

    /** The sign-in tab was closed before the redirect came back. */
    async handleTabClosed(tabId: number): Promise<void> {
      const current = await deps.signIns.get()
      if (current?.status === 'waiting' && current.tabId === tabId) {
        await deps.signIns.set({ status: 'failed', error: toErrorInfo(signInWindowClosed()), at: now().toISOString() })
      }
    },

    signInStatus: () => deps.signIns.get(),
    clearSignInStatus: () => deps.signIns.set(null),

    /**
     * The session of `did`, restored from IndexedDB (no network while its token is valid).
     * Concurrent callers share one restore: parallel refreshes of one session break it.
     */
    restore(did: string): Promise<OAuthSession> {
      const inflight = restoring.get(did)
      if (inflight) return inflight
      const next = (async () => {
        const state = await deps.accounts.read()
        const account = state.accounts.find((a) => a.did === did)
        if (!account?.signedIn) throw new UnauthorizedError()
        try {
          return await deps.client.restore(did as `did:${string}:${string}`)
        } catch (cause) {
          // An outage is not the end of a session: the library keeps it stored, so say so.
          if (isNetworkFailure(cause)) {
            throw new TendrilError('PdsUnreachable', 'Could not reach your account’s server (PDS). Try again later.', { cause })
          }
          throw new TendrilError('SessionExpired', 'Your session has ended. Sign in again to continue.', { cause })
        }
      })()
      restoring.set(did, next)
      void next.finally(() => restoring.delete(did)).catch(() => undefined)
      return next
    },

    /** Revokes the tokens at the PDS and wipes the session and its DPoP key. */
    async signOut(did: string): Promise<void> {
      try {
        // revoke() deletes the stored session (and its DPoP key) even when the PDS is unreachable.
        await deps.client.revoke(did as `did:${string}:${string}`)
      } catch (cause) {
        throw new TendrilError(
          'PdsUnreachable',
          'Signed out on this browser, but your server could not be reached to cancel the session; it will expire on its own.',
          { cause },
        )
      } finally {
        await deps.accounts.removed(did)
      }
    },

    /** The OAuth client reports a session gone (revoked or expired elsewhere, refresh refused). */
    async sessionDeleted(did: string, cause: unknown): Promise<void> {
      if (completing.has(did)) return
      const state = await deps.accounts.read()
      const account = state.accounts.find((a) => a.did === did)
      if (!account?.signedIn) return
      // TokenRevokedError: revoked through this client; anything else (TokenRefreshError,
      // TokenInvalidError): the server refused the session, revoked elsewhere or expired.
      const reason =
        cause instanceof Error && cause.name === 'TokenRevokedError'
          ? 'Your session was revoked. Sign in again to continue.'
          : 'Your account’s server ended this session (it was revoked elsewhere or has expired). Sign in again to continue.'
      await deps.accounts.signedOut(did, reason)
    },
  }
  return service
}

export type SessionService = ReturnType<typeof createSessionService>
