import { TokenRevokedError, type OAuthClient, type OAuthSession } from '@atproto/oauth-client'
import { isNetworkFailure, PdsUnreachableError, TendrilError, SessionExpiredError, toErrorInfo, UnauthorizedError, type ErrorInfo } from '../errors'
import type { AccountStore } from '../accounts/account-store'
import { createMutex, type Mutex } from '../mutex'
import {
  describeAuthorizeError,
  describeCallbackError,
  signInInProgress,
  signInInterrupted,
  signInTimedOut,
  signInWindowClosed,
} from './oauth/sign-in-errors'
import { STATE_TTL_MS } from './oauth/stores'
import { parseSignInInput, toOAuthInput } from './sign-in-input'

// The reader's sessions, owned by the background worker: starting a sign-in, finishing it from the
// authorization server's redirect, cancelling it, restoring a session for a request, signing out,
// and noticing a session that ended elsewhere. Nothing here ever hands a token or key to a caller.
//
// A sign-in is finished only by the redirect that belongs to it: in the tab Tendril opened for it
// (recorded before that tab navigates anywhere) and carrying the `state` of its own authorization
// request. Any other tab that reaches the loopback redirect address — a web page can open one — is
// ignored and left alone.

/** The one sign-in in progress, or how the last one failed (storage.session: survives a worker
 * stop, not a browser restart, like the OAuth request it refers to). */
export type SignInStatus =
  | {
      status: 'waiting'
      /** Tendril's id for this sign-in (the `appState` of its authorization request). */
      id: string
      /** `tab`: the loopback client's sign-in tab; `window`: Chrome's launchWebAuthFlow window. */
      flow: 'tab' | 'window'
      startedAt: string
      /** The authorization request's `state`, once authorize() has stored it. */
      requestKey?: string
      /** The sign-in tab, recorded before it navigates to the authorization page. */
      tabId?: number
      /** Its redirect has arrived and the token exchange is under way. */
      redirected?: boolean
    }
  | { status: 'failed'; error: ErrorInfo; at: string }

export type WaitingSignIn = Extract<SignInStatus, { status: 'waiting' }>

export interface SignInStatusArea {
  get(): Promise<SignInStatus | null>
  set(status: SignInStatus | null): Promise<void>
}

/** Shows the authorization page: either a tab whose redirect arrives later as a navigation event
 * (loopback client), or a flow that returns the redirect itself (launchWebAuthFlow). */
export interface SignInPresenter {
  flow: 'tab' | 'window'
  /** `opened` is called with a new tab's id before the tab leaves about:blank; if it throws, the
   * tab is closed and nothing is shown. */
  present(authorizeUrl: URL, opened: (tabId: number) => Promise<void>): Promise<{ tabId: number } | { redirect: URL }>
  close?(tabId: number): Promise<void>
  /** Whether the tab is still open. */
  exists?(tabId: number): Promise<boolean>
}

/** The stored authorization requests (lib/atproto/oauth/stores.ts `watchRequests`). */
export interface SignInRequests {
  take(id: string): string | undefined
  del(key: string): Promise<void>
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
  requests: SignInRequests
  presenter: SignInPresenter
  redirectUri: string
  /** Accept http:// server addresses (the sandbox build only). */
  allowHttp?: boolean
  /** Handle, display name and PDS of a freshly signed-in account (public data only). */
  loadProfile(session: OAuthSession): Promise<Profile>
  now?: () => Date
  newId?: () => string
  /** An account has just signed in (again): what waited for it can go. */
  onSignedIn?(did: string): void
}

/** What cancelling did: whether a sign-in was waiting, and whether its window is still open
 * (Chrome's own sign-in window cannot be closed by an extension). */
export interface CancelOutcome {
  cancelled: boolean
  windowLeftOpen: boolean
}

/** Tendril already stopped this sign-in (cancelled, failed or replaced) while a step was running. */
class SignInSuperseded extends Error {}

export function createSessionService(deps: SessionServiceDeps) {
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? (() => crypto.randomUUID())
  const restoring = new Map<string, Promise<OAuthSession>>()
  // Every change of the sign-in status is a check-then-act; they run one at a time.
  const exclusive: Mutex = createMutex()
  // Sign-ins this worker instance is driving (it started them, or caught their redirect): one still
  // starting, or caught, that is not in here belonged to a worker that has since stopped, and can
  // never finish.
  const startedHere = new Set<string>()
  // callback() revokes and deletes any older session of the DID it signs in, and the library
  // reports that deletion from inside callback(), before the DID is known to us. Deletions reported
  // while a callback runs wait for its outcome: the one for the account being signed in again is not
  // a sign-out.
  let callbacksRunning = 0
  const heldDeletions: Array<{ did: string; cause: unknown }> = []
  /** Deletions being recorded right now (see deletionsSettled). */
  const deletions = new Set<Promise<void>>()

  const redirectTarget = new URL(deps.redirectUri)
  // The exact redirect address (origin and path), not a prefix of it.
  const isRedirect = (url: URL) => url.origin === redirectTarget.origin && url.pathname === redirectTarget.pathname
  const isCurrent = (status: SignInStatus | null, id: string): status is WaitingSignIn => status?.status === 'waiting' && status.id === id

  /** Applies `change` to sign-in `id` if it is still the waiting one; false if it is not. */
  function update(id: string, change: (s: WaitingSignIn) => WaitingSignIn | null): Promise<boolean> {
    return exclusive(async () => {
      const current = await deps.signIns.get()
      if (!isCurrent(current, id)) return false
      await deps.signIns.set(change(current))
      return true
    })
  }

  /**
   * Ends the waiting sign-in if `decide` gives a reason (the error the reader will read), and forgets
   * its authorization request and key. Decided and recorded in one step, so a redirect claimed
   * meanwhile is never ended by a decision taken before the claim.
   */
  async function endWaiting(decide: (current: WaitingSignIn) => unknown): Promise<void> {
    const ended = await exclusive(async () => {
      const current = await deps.signIns.get()
      if (current?.status !== 'waiting') return undefined
      const error = await decide(current)
      if (!error) return undefined
      await deps.signIns.set({ status: 'failed', error: toErrorInfo(error), at: now().toISOString() })
      return current
    })
    if (ended) await forgetRequest(ended.id, ended.requestKey)
  }

  /** Ends sign-in `id` with `error`, if it is still the waiting one. */
  const fail = (id: string, error: unknown) => endWaiting((current) => (current.id === id ? error : undefined))

  async function forgetRequest(id: string, requestKey: string | undefined) {
    startedHere.delete(id)
    const key = requestKey ?? deps.requests.take(id)
    if (key) await deps.requests.del(key).catch(() => undefined)
  }

  async function applyDeletion(did: string, cause: unknown): Promise<void> {
    const state = await deps.accounts.read()
    const account = state.accounts.find((a) => a.did === did)
    if (!account?.signedIn) return
    // TokenRevokedError: revoked through this client; anything else (TokenRefreshError,
    // TokenInvalidError): the server refused the session, revoked elsewhere or expired. (The
    // library's error classes do not set `name`: only instanceof tells them apart.)
    const reason =
      cause instanceof TokenRevokedError
        ? 'Your session was revoked. Sign in again to continue.'
        : 'Your account’s server ended this session (it was revoked elsewhere or has expired). Sign in again to continue.'
    await deps.accounts.signedOut(did, reason)
  }

  /** Exchanges the redirect's code for a session and records the account. */
  async function complete(id: string, redirect: URL): Promise<void> {
    callbacksRunning++
    let signedInDid: string | undefined
    try {
      const { session } = await deps.client.callback(redirect.searchParams, { redirect_uri: deps.redirectUri as never })
      const still = isCurrent(await deps.signIns.get(), id)
      if (!still) {
        // Cancelled while the code was being exchanged: the reader said no, so sign nobody in.
        await deps.client.revoke(session.did).catch(() => undefined)
        return
      }
      const profile = await deps.loadProfile(session).catch(() => ({}) as Profile)
      await deps.accounts.signedIn({ did: session.did, ...profile })
      signedInDid = session.did
      await update(id, () => null)
      startedHere.delete(id)
      deps.onSignedIn?.(session.did)
    } catch (error) {
      await fail(id, describeCallbackError(error))
    } finally {
      callbacksRunning--
      if (callbacksRunning === 0) {
        for (const { did, cause } of heldDeletions.splice(0)) {
          if (did !== signedInDid) await applyDeletion(did, cause)
        }
      }
    }
  }

  const service = {
    /** Starts a sign-in for what the reader typed. Only extension pages may call this. */
    async beginSignIn(raw: string): Promise<SignInStatus | null> {
      const input = parseSignInInput(raw, { allowHttp: deps.allowHttp })
      await service.reconcile()
      const id = newId()
      await exclusive(async () => {
        const current = await deps.signIns.get()
        if (current?.status === 'waiting') throw signInInProgress()
        await deps.signIns.set({ status: 'waiting', id, flow: deps.presenter.flow, startedAt: now().toISOString() })
        startedHere.add(id)
      })

      let url: URL
      try {
        url = await deps.client.authorize(toOAuthInput(input), { redirect_uri: deps.redirectUri as never, state: id })
      } catch (error) {
        const described = describeAuthorizeError(error, input)
        await fail(id, described)
        throw described
      }
      const requestKey = deps.requests.take(id)
      if (!(await update(id, (s) => ({ ...s, requestKey })))) {
        await forgetRequest(id, requestKey) // cancelled while the server was being asked
        return deps.signIns.get()
      }

      let shown: { tabId: number } | { redirect: URL }
      try {
        shown = await deps.presenter.present(url, async (tabId) => {
          if (!(await update(id, (s) => ({ ...s, tabId })))) throw new SignInSuperseded()
        })
      } catch (error) {
        if (!(error instanceof SignInSuperseded)) await fail(id, signInWindowClosed())
        return deps.signIns.get()
      }
      if ('redirect' in shown) {
        // launchWebAuthFlow hands the redirect back itself. It still has to be this sign-in's.
        const current = await deps.signIns.get()
        if (isCurrent(current, id) && shown.redirect.searchParams.get('state') === current.requestKey && (await update(id, (s) => ({ ...s, redirected: true })))) {
          await complete(id, shown.redirect)
        }
      }
      return deps.signIns.get()
    },

    /**
     * A tab navigated somewhere. If it is the waiting sign-in's own tab arriving at the redirect
     * with that sign-in's `state`, finish the sign-in there and close the tab. Anything else —
     * another tab, a forged or replayed redirect — is ignored and the tab left as it is.
     */
    async handleNavigation(tabId: number, rawUrl: string): Promise<boolean> {
      let url: URL
      try {
        url = new URL(rawUrl)
      } catch {
        return false
      }
      if (!isRedirect(url)) return false
      const state = url.searchParams.get('state')
      let claimed: WaitingSignIn | undefined
      await exclusive(async () => {
        const current = await deps.signIns.get()
        if (current?.status !== 'waiting' || current.flow !== 'tab' || current.redirected) return
        if (current.tabId !== tabId || !current.requestKey || state !== current.requestKey) return
        // From here on, closing the tab is Tendril's doing, not the reader giving up.
        claimed = { ...current, redirected: true }
        await deps.signIns.set(claimed)
        startedHere.add(current.id) // this worker now drives it to the end
      })
      if (!claimed) return false
      await deps.presenter.close?.(tabId).catch(() => undefined)
      await complete(claimed.id, url)
      return true
    },

    /** A tab was closed: if it was the waiting sign-in's before its redirect came, the reader gave up. */
    async handleTabClosed(tabId: number): Promise<void> {
      await endWaiting((current) => (current.tabId === tabId && !current.redirected ? signInWindowClosed() : undefined))
    },

    /**
     * Ends the waiting sign-in because the reader asked: its tab closed, its authorization request
     * and DPoP key deleted, so a redirect that arrives for it later signs nobody in. Chrome's own
     * sign-in window (hosted client) cannot be closed by an extension: the outcome says so.
     */
    async cancelSignIn(): Promise<CancelOutcome> {
      let cancelled: WaitingSignIn | undefined
      await exclusive(async () => {
        const current = await deps.signIns.get()
        if (current?.status !== 'waiting') return
        cancelled = current
        await deps.signIns.set(null)
      })
      if (!cancelled) return { cancelled: false, windowLeftOpen: false }
      await forgetRequest(cancelled.id, cancelled.requestKey)
      if (cancelled.tabId !== undefined) await deps.presenter.close?.(cancelled.tabId).catch(() => undefined)
      return { cancelled: true, windowLeftOpen: cancelled.flow === 'window' }
    },

    /**
     * Ends a waiting sign-in that can no longer finish: older than its request's 10-minute life,
     * its tab gone, or started (or caught) by a worker that has stopped since. Runs when the popup
     * asks, on every sweep, and before a new sign-in starts.
     */
    async reconcile(): Promise<void> {
      await endWaiting(async (current) => {
        if (now().getTime() - Date.parse(current.startedAt) >= STATE_TTL_MS) return signInTimedOut()
        const drivenHere = startedHere.has(current.id)
        if (!drivenHere && (current.tabId === undefined || current.redirected)) return signInInterrupted()
        if (current.tabId !== undefined && !current.redirected && deps.presenter.exists && !(await deps.presenter.exists(current.tabId))) {
          return signInWindowClosed()
        }
        return undefined
      })
    },

    async signInStatus(): Promise<SignInStatus | null> {
      await service.reconcile()
      return deps.signIns.get()
    },

    /** Forgets a failed sign-in's message (a waiting sign-in is cancelled, not dismissed). */
    async dismissSignInStatus(): Promise<void> {
      await exclusive(async () => {
        if ((await deps.signIns.get())?.status === 'failed') await deps.signIns.set(null)
      })
    },

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
          if (isNetworkFailure(cause)) throw new PdsUnreachableError({ cause })
          throw new SessionExpiredError({ cause })
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

    /** The OAuth client reports a session gone (revoked or expired elsewhere, refresh refused, or
     * replaced by a new sign-in of the same account). */
    async sessionDeleted(did: string, cause: unknown): Promise<void> {
      if (callbacksRunning > 0) {
        heldDeletions.push({ did, cause })
        return
      }
      const applying = applyDeletion(did, cause)
      deletions.add(applying)
      try {
        await applying
      } finally {
        deletions.delete(applying)
      }
    },

    /** Resolves once every deletion reported so far is recorded. The client reports a deletion
     * (a refresh refused: revoked elsewhere) while the request that found it is still failing, so
     * whoever reads the accounts right after that failure must wait for it, or would be told the
     * account is still signed in. */
    async deletionsSettled(): Promise<void> {
      await Promise.allSettled([...deletions])
    },
  }
  return service
}

export type SessionService = ReturnType<typeof createSessionService>
