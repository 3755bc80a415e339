// Errors cross the message boundary as `{code, message}`: code is stable (branch on it, never on
// instanceof), message is what a person reads (describeError). Each class owns one idea.

export type ErrorCode =
  | 'InvalidMessage'
  | 'Forbidden'
  | 'NotABudPage'
  | 'HandleNotFound'
  | 'AppViewUnavailable'
  | 'AppViewInvalidResponse'
  | 'RecordInvalid'
  | 'InvalidSignInInput'
  | 'SignInFailed'
  | 'HandleNotResolved'
  | 'PdsUnreachable'
  | 'ConsentDenied'
  | 'SignInWindowClosed'
  | 'SignInInProgress'
  | 'SignInInterrupted'
  | 'SignInTimedOut'
  | 'Unauthorized'
  | 'SessionExpired'
  | 'PendingWrites'
  | 'SubjectNotFound'
  | 'NotOnThisPage'
  | 'UndoExpired'
  | 'NotASourcePage'
  | 'NotCited'
  | 'BacklinkNotFound'
  | 'Internal'

export class TendrilError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = code
  }
}

export class InvalidMessageError extends TendrilError {
  constructor(detail: string) {
    super('InvalidMessage', `Tendril received a malformed request: ${detail}`)
  }
}

export class ForbiddenError extends TendrilError {
  constructor(what: string) {
    super('Forbidden', `${what} is only allowed from Tendril's own pages.`)
  }
}

export class NotABudPageError extends TendrilError {
  constructor(url: string) {
    super('NotABudPage', `${url} is not a Branchline bud page.`)
  }
}

export class HandleNotFoundError extends TendrilError {
  constructor(handle: string, options?: { cause?: unknown }) {
    super('HandleNotFound', `The handle @${handle} could not be resolved to an account.`, options)
  }
}

export class AppViewUnavailableError extends TendrilError {
  constructor(service: string, options?: { cause?: unknown }) {
    super('AppViewUnavailable', `${service} could not be reached. Check your connection and try again.`, options)
  }
}

export class AppViewInvalidResponseError extends TendrilError {
  constructor(service: string, detail: string, options?: { cause?: unknown }) {
    super('AppViewInvalidResponse', `${service} sent an answer Tendril does not understand (${detail}).`, options)
  }
}

export class UnauthorizedError extends TendrilError {
  constructor() {
    super('Unauthorized', 'Sign in to Tendril first.')
  }
}

/** The account's server could not be reached at all. The session is kept: an outage is not the
 * end of a session. */
export class PdsUnreachableError extends TendrilError {
  constructor(options?: { cause?: unknown }) {
    super('PdsUnreachable', 'Could not reach your account’s server (PDS). Try again later.', options)
  }
}

/** The account's server refused the session (expired, revoked): only a new sign-in helps. */
export class SessionExpiredError extends TendrilError {
  constructor(options?: { cause?: unknown }) {
    super('SessionExpired', 'Your session has ended. Sign in again to continue.', options)
  }
}

/** Signing out would drop writes of the account that are not saved yet: the reader decides. */
export class PendingWritesError extends TendrilError {
  readonly count: number
  constructor(count: number) {
    super(
      'PendingWrites',
      `${count === 1 ? '1 change' : `${count} changes`} of this account ${count === 1 ? 'is' : 'are'} not saved to your server yet. Signing out now drops ${count === 1 ? 'it' : 'them'}.`,
    )
    this.count = count
  }
}

/** The bud to bookmark is known neither to Branchline nor to its author's server. */
export class SubjectNotFoundError extends TendrilError {
  constructor() {
    super('SubjectNotFound', 'This bud no longer exists (or Branchline cannot find it), so it cannot be bookmarked.')
  }
}

/** A page named a bud that is not on the path Tendril itself found for the tab's address. */
export class NotOnThisPageError extends TendrilError {
  constructor() {
    super('NotOnThisPage', 'That bud is not part of the page you are on, so Tendril did nothing.')
  }
}

/** A backlink asked for from a page that is not a Bluesky post, WhiteWind entry or Leaflet document. */
export class NotASourcePageError extends TendrilError {
  constructor() {
    super('NotASourcePage', 'Tendril adds backlinks from Bluesky posts, WhiteWind entries and Leaflet documents. This page is none of those, so nothing was added.')
  }
}

/** The source's record (read at its author's server) does not cite that eprint. */
export class NotCitedError extends TendrilError {
  constructor() {
    super('NotCited', 'Tendril read this page’s record at its author’s server and it does not link that eprint, so no backlink was added.')
  }
}

/** An undo of a backlink Tendril has no record of creating. */
export class BacklinkNotFoundError extends TendrilError {
  constructor() {
    super('BacklinkNotFound', 'Tendril has no record of creating that backlink, so it removed nothing.')
  }
}

/** An undo asked for after its moment passed (or twice). */
export class UndoExpiredError extends TendrilError {
  constructor() {
    super('UndoExpired', 'It is too late to undo that here. You can still change it from Tendril’s popup.')
  }
}

/** The plain-data form of an error that crosses the message boundary. */
export interface ErrorInfo {
  code: ErrorCode
  message: string
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof TendrilError) return { code: error.code, message: error.message }
  if (isErrorInfo(error)) return error
  return { code: 'Internal', message: 'Something went wrong inside Tendril. Please try again.' }
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  return (
    typeof value === 'object' && value !== null &&
    !(value instanceof Error) &&
    typeof (value as ErrorInfo).code === 'string' && typeof (value as ErrorInfo).message === 'string'
  )
}

/** The words a person reads for any error, never a raw object. */
export function describeError(error: unknown): string {
  return toErrorInfo(error).message
}

/** True when `error` or any of its causes is a failure to reach a server at all (as opposed to a
 * server answering "no"). The OAuth client wraps these, e.g. OAuthResolverError ← TypeError
 * "fetch failed" ← ECONNREFUSED, so the whole cause chain is searched. */
export function isNetworkFailure(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof TypeError && /fetch|network|load failed/i.test(e.message)) return true
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_)/.test(code)) return true
  }
  return false
}
