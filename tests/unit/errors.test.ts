import { describe, expect, it } from 'vitest'
import { AppViewUnavailableError, describeError, isNetworkFailure, toErrorInfo } from '../../lib/errors'

describe('describeError', () => {
  it.each([
    ['a Tendril error', new AppViewUnavailableError('Branchline'), 'Branchline could not be reached. Check your connection and try again.'],
    ['an error that crossed the message boundary', { code: 'Forbidden', message: 'Nope.' }, 'Nope.'],
    ['a raw Error', new Error('ECONNRESET at socket.js:12'), 'Something went wrong inside Tendril. Please try again.'],
    ['a string', 'boom', 'Something went wrong inside Tendril. Please try again.'],
    ['undefined', undefined, 'Something went wrong inside Tendril. Please try again.'],
  ])('words %s for a person', (_name, error, words) => {
    expect(describeError(error)).toBe(words)
  })

  it('keeps the stable code', () => {
    expect(toErrorInfo(new AppViewUnavailableError('Chive')).code).toBe('AppViewUnavailable')
  })
})

describe('isNetworkFailure', () => {
  class OAuthResolverError extends Error {}
  it.each<[string, unknown, boolean]>([
    ['fetch failed (Node)', new TypeError('fetch failed'), true],
    ['Failed to fetch (Chromium)', new TypeError('Failed to fetch'), true],
    ['a refused connection deep in the cause chain', new OAuthResolverError('could not resolve', { cause: new TypeError('x', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }) }), true],
    ['a server that answered no', Object.assign(new Error('Unauthorized'), { status: 401 }), false],
    ['a TypeError that is not about the network', new TypeError('undefined is not a function'), false],
  ])('%s → %s', (_, error, expected) => {
    expect(isNetworkFailure(error)).toBe(expected)
  })
})
