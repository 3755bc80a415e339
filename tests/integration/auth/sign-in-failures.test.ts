// Each way a sign-in fails against the real PDS gets its own error, and none leaves an account
// signed in or a session stored.
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { createTestSessions, signInThroughService, type TestSessions } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader

afterEach(disposeTestClients)

/** Runs `fn` with the sandbox PDS stopped, and starts it again whatever happens. */
async function withPdsStopped(fn: () => Promise<void>) {
  await control('POST', '/pds/stop')
  try {
    await fn()
  } finally {
    await control('POST', '/pds/start')
  }
}

async function expectNothingSignedIn(sessions: TestSessions) {
  const state = await sessions.accounts.read()
  expect(state.accounts).toEqual([])
  expect(state.activeDid).toBeNull()
  expect(await (await sessions.test.db).getAllKeys('oauth-session')).toEqual([])
}

describe('sign-in failures', () => {
  it('an unknown handle → HandleNotResolved, before any page is shown', async () => {
    const sessions = createTestSessions()
    await expect(sessions.service.beginSignIn('@nobody-here.test')).rejects.toMatchObject({ code: 'HandleNotResolved' })
    expect(sessions.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'HandleNotResolved' } })
    expect(sessions.shown.size).toBe(0)
    await expectNothingSignedIn(sessions)
  })

  it('consent denied at the PDS → ConsentDenied, tab closed, nothing stored', async () => {
    const sessions = createTestSessions()
    const { tabId, redirect } = await signInThroughService(
      sessions,
      reader.handle,
      { username: reader.handle, password: reader.password },
      'deny',
    )
    expect(redirect.searchParams.get('error')).toBe('access_denied')
    expect(redirect.searchParams.get('code')).toBeNull()
    expect(sessions.closedTabs).toEqual([tabId])
    expect(sessions.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'ConsentDenied' } })
    await expectNothingSignedIn(sessions)
  })

  // In the sandbox build the handle resolver is the PDS, so resolving the handle is the first thing
  // that cannot reach it: the client throws OAuthResolverError("Failed to resolve identity: …")
  // caused by TypeError("fetch failed") ← ECONNREFUSED. describeAuthorizeError looks at that cause
  // chain first, so the reader hears the server is unreachable, not that no such account exists.
  it('the PDS stopped → sign-in by handle gives PdsUnreachable', async () => {
    const sessions = createTestSessions()
    await withPdsStopped(async () => {
      await expect(sessions.service.beginSignIn(reader.handle)).rejects.toMatchObject({ code: 'PdsUnreachable' })
      expect(sessions.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'PdsUnreachable' } })
      expect(sessions.shown.size).toBe(0)
      await expectNothingSignedIn(sessions)
    })
  })

  it('the PDS stopped → sign-in by DID (resolved at the PLC) gives PdsUnreachable; it works again once the PDS is back', async () => {
    const sessions = createTestSessions()
    await withPdsStopped(async () => {
      const res = await fetch(new URL(`/pds/oauth-tokens?did=${reader.did}`, sb.controlUrl))
      expect(res.status).toBe(503)
      await expect(sessions.service.beginSignIn(reader.did)).rejects.toMatchObject({ code: 'PdsUnreachable' })
      expect(sessions.signInStatus()).toMatchObject({ status: 'failed', error: { code: 'PdsUnreachable' } })
      expect(sessions.shown.size).toBe(0)
      await expectNothingSignedIn(sessions)
    })
    await signInThroughService(sessions, reader.did, { username: reader.handle, password: reader.password })
    expect((await sessions.accounts.read()).accounts.map((a) => [a.did, a.handle, a.signedIn])).toEqual([[reader.did, reader.handle, true]])
  })
})
