import { describe, expect, it } from 'vitest'
import { AppViewUnavailableError, describeError, toErrorInfo } from '../../lib/errors'

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
