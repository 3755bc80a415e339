import { OAuthCallbackError, OAuthResolverError } from '@atproto/oauth-client'
import { describe, expect, it } from 'vitest'
import { describeAuthorizeError, describeCallbackError } from '../../../../lib/atproto/oauth/sign-in-errors'
import { describeError } from '../../../../lib/errors'

const handle = { kind: 'handle' as const, handle: 'nobody.test' }
const service = { kind: 'service' as const, url: 'https://pds.example.com' }

describe('sign-in errors → words', () => {
  it.each([
    ['an unresolvable handle', new OAuthResolverError('Failed to resolve identity: nobody.test'), handle, 'HandleNotResolved', 'No account was found for the handle @nobody.test. Check the spelling and try again.'],
    ['an unreachable PDS', new OAuthResolverError('Failed to resolve OAuth server metadata for resource: https://pds.example.com'), service, 'PdsUnreachable', 'Could not reach pds.example.com. It may be down or offline; try again later.'],
    ['a network failure', new TypeError('fetch failed'), handle, 'PdsUnreachable', 'Could not reach the servers that look up @nobody.test. It may be down or offline; try again later.'],
    [
      'a handle lookup that could not reach its server',
      new OAuthResolverError('Failed to resolve identity: nobody.test', {
        cause: new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2583'), { code: 'ECONNREFUSED' }) }),
      }),
      handle,
      'PdsUnreachable',
      'Could not reach the servers that look up @nobody.test. It may be down or offline; try again later.',
    ],
    [
      'a DID whose server is down',
      new OAuthResolverError('Failed to resolve OAuth server metadata for resource: https://pds.example.com', { cause: new TypeError('fetch failed') }),
      { kind: 'did' as const, did: 'did:plc:x' },
      'PdsUnreachable',
      'Could not reach your account’s server (PDS). It may be down or offline; try again later.',
    ],
    ['anything else', new Error('weird'), handle, 'SignInFailed', 'Sign-in could not start. Please try again.'],
  ])('authorize: %s', (_name, error, input, code, words) => {
    const mapped = describeAuthorizeError(error, input)
    expect(mapped.code).toBe(code)
    expect(describeError(mapped)).toBe(words)
  })

  it.each([
    ['a denied consent', new OAuthCallbackError(new URLSearchParams({ error: 'access_denied', state: 's' })), 'ConsentDenied'],
    ['another server error', new OAuthCallbackError(new URLSearchParams({ error: 'server_error', state: 's' })), 'SignInFailed'],
    ['an unknown state', new OAuthCallbackError(new URLSearchParams({ state: 's' }), 'Unknown authorization session "s"'), 'SignInFailed'],
  ])('callback: %s', (_name, error, code) => {
    const mapped = describeCallbackError(error)
    expect(mapped.code).toBe(code)
    expect(mapped.message).not.toMatch(/undefined|\[object/)
  })
})
