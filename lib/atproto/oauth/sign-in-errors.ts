import { OAuthCallbackError, OAuthResolverError } from '@atproto/oauth-client'
import { isNetworkFailure, TendrilError } from '../../errors'
import type { SignInInput } from '../sign-in-input'

// Each way a sign-in can fail gets its own words; the extension stays signed out and usable.

export class SignInError extends TendrilError {}

export function signInWindowClosed(): SignInError {
  return new SignInError('SignInWindowClosed', 'The sign-in window was closed before you finished. Nothing was changed.')
}

export function signInInProgress(): SignInError {
  return new SignInError('SignInInProgress', 'A sign-in is already waiting. Finish it, or cancel it in Tendril’s popup, first.')
}

export function signInInterrupted(): SignInError {
  return new SignInError('SignInInterrupted', 'Tendril was restarted while you were signing in. Nothing was changed; please sign in again.')
}

export function signInTimedOut(): SignInError {
  return new SignInError('SignInTimedOut', 'The sign-in waited more than 10 minutes and was stopped. Nothing was changed; please sign in again.')
}

/** An error thrown while resolving the account and starting authorization. */
export function describeAuthorizeError(error: unknown, input: SignInInput): SignInError {
  if (error instanceof TendrilError) return error
  const message = error instanceof Error ? error.message : String(error)
  if (isNetworkFailure(error)) {
    const server =
      input.kind === 'service' ? new URL(input.url).host : input.kind === 'handle' ? `the servers that look up @${input.handle}` : 'your account’s server (PDS)'
    return new SignInError('PdsUnreachable', `Could not reach ${server}. It may be down or offline; try again later.`, { cause: error })
  }
  if (error instanceof OAuthResolverError && message.startsWith('Failed to resolve identity')) {
    const what = input.kind === 'handle' ? `the handle @${input.handle}` : input.kind === 'did' ? input.did : input.url
    return new SignInError('HandleNotResolved', `No account was found for ${what}. Check the spelling and try again.`, { cause: error })
  }
  if (error instanceof OAuthResolverError || error instanceof TypeError || /fetch|network|ECONNREFUSED/i.test(message)) {
    const server = input.kind === 'service' ? new URL(input.url).host : 'your account’s server (PDS)'
    return new SignInError('PdsUnreachable', `Could not reach ${server}. It may be down or offline; try again later.`, { cause: error })
  }
  return new SignInError('SignInFailed', 'Sign-in could not start. Please try again.', { cause: error })
}

/** An error from the authorization server's answer (the redirect back to Tendril). */
export function describeCallbackError(error: unknown): SignInError {
  if (error instanceof TendrilError) return error
  if (error instanceof OAuthCallbackError) {
    const code = error.params.get('error')
    if (code === 'access_denied') {
      return new SignInError('ConsentDenied', 'You declined to let Tendril use your account. Nothing was changed.', { cause: error })
    }
  }
  return new SignInError('SignInFailed', 'Sign-in did not complete. Please try again.', { cause: error })
}
