// The whole sign-in against the real PDS: what the reader types goes through parseSignInInput, the
// product's OAuth client makes its PAR (PKCE + DPoP), the PDS's own sign-in and consent API is
// driven headlessly, and the worker's session service finishes it from the redirect.
import { afterEach, describe, expect, it } from 'vitest'
import { parseSignInInput, toOAuthInput } from '../../../lib/atproto/sign-in-input.ts'
import { LOOPBACK_REDIRECT_URI } from '../../../lib/atproto/oauth/client-metadata.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { createTestClient, disposeTestClients } from './client.ts'
import { driveSignIn } from './drive-sign-in.ts'
import { createTestSessions, signInThroughService } from './sessions.ts'

const sb = useSandbox()
const reader = { username: sb.seed.reader.handle, password: sb.seed.reader.password }

afterEach(disposeTestClients)

describe('sign-in through the PDS’s own pages', () => {
  it('authorize → sign-in + consent → callback gives a session for the reader’s DID', async () => {
    const { client } = createTestClient()
    const input = parseSignInInput('  @Reader.TEST  ')
    expect(input).toEqual({ kind: 'handle', handle: 'reader.test' })

    const url = await client.authorize(toOAuthInput(input), { redirect_uri: LOOPBACK_REDIRECT_URI })
    expect(url.origin).toBe(sb.pdsUrl)
    expect(url.pathname).toBe('/oauth/authorize')
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/)

    const t0 = performance.now()
    const redirect = await driveSignIn({ authorizeUrl: url, ...reader, consent: 'authorize' })
    const headlessMs = performance.now() - t0
    expect(redirect.href.startsWith(LOOPBACK_REDIRECT_URI)).toBe(true)
    expect(redirect.searchParams.get('iss')).toBe(sb.pdsUrl)
    expect(redirect.searchParams.get('code')).toBeTruthy()
    expect(redirect.searchParams.get('error')).toBeNull()

    const t1 = performance.now()
    const { session } = await client.callback(redirect.searchParams, { redirect_uri: LOOPBACK_REDIRECT_URI })
    const callbackMs = performance.now() - t1
    expect(session.did).toBe(sb.seed.reader.did)
    const info = await session.getTokenInfo()
    expect(new URL(info.aud).origin).toBe(sb.pdsUrl)
    expect(info.scope.split(' ')).toEqual(
      expect.arrayContaining(['atproto', 'repo:ink.branchline.bookmark', 'rpc:pub.chive.backlink.create?aud=*']),
    )
    console.info(`[timing] headless sign-in + consent ${Math.round(headlessMs)} ms, callback ${Math.round(callbackMs)} ms`)
  })

  it('a code is good once: replaying the redirect fails and leaves the first session alone', async () => {
    const { client } = createTestClient()
    const url = await client.authorize('reader.test', { redirect_uri: LOOPBACK_REDIRECT_URI })
    const redirect = await driveSignIn({ authorizeUrl: url, ...reader, consent: 'authorize' })
    const { session } = await client.callback(redirect.searchParams, { redirect_uri: LOOPBACK_REDIRECT_URI })
    await expect(client.callback(redirect.searchParams, { redirect_uri: LOOPBACK_REDIRECT_URI })).rejects.toThrow()
    const res = await session.fetchHandler(`/xrpc/com.atproto.server.getSession`)
    expect(res.status).toBe(200)
  })

  it('the session service marks the reader signed in, with handle reader.test, and closes the tab', async () => {
    const sessions = createTestSessions()
    const { tabId } = await signInThroughService(sessions, ' @Reader.Test ', reader)
    expect(sessions.closedTabs).toEqual([tabId])
    expect(sessions.signInStatus()).toBeNull()
    const state = await sessions.accounts.read()
    expect(state.activeDid).toBe(sb.seed.reader.did)
    expect(state.accounts).toEqual([
      expect.objectContaining({ did: sb.seed.reader.did, handle: 'reader.test', signedIn: true, pds: sb.pdsUrl }),
    ])
    expect(state.accounts[0]!.displayName).toBe('Rae Reader')
    const session = await sessions.service.restore(sb.seed.reader.did)
    expect(session.did).toBe(sb.seed.reader.did)
  })

  it.each([
    ['the PDS’s address', () => sb.pdsUrl],
    ['the DID', () => sb.seed.reader.did],
  ])('signing in by %s instead of the handle reaches the same account', async (_name, input) => {
    const sessions = createTestSessions()
    await signInThroughService(sessions, input(), reader)
    expect((await sessions.accounts.read()).activeDid).toBe(sb.seed.reader.did)
  })
})
