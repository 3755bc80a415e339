// Who may finish, end or repeat a sign-in, with the product's real OAuth client and session service
// against the sandbox PDS: only the sign-in's own tab with its own `state`; a cancelled sign-in's
// redirect signs nobody in; signing in again to a signed-in account never shows it signed out.
import { afterEach, describe, expect, it } from 'vitest'
import { LOOPBACK_REDIRECT_URI } from '../../../lib/atproto/oauth/client-metadata.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { driveSignIn } from './drive-sign-in.ts'
import { createTestSessions, signInThroughService } from './sessions.ts'

const sb = useSandbox()
const reader = { username: sb.seed.reader.handle, password: sb.seed.reader.password }
const writer = sb.seed.writers[1]!
const writerLogin = { username: writer.handle, password: writer.password }

afterEach(disposeTestClients)

const liveTokens = async (did: string) => (await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(did)}`)).live

describe('a sign-in belongs to its own tab and request', () => {
  it('signing in again to a signed-in account: the library revokes the old session inside callback(), and the account is never shown signed out', async () => {
    const sessions = createTestSessions()
    await signInThroughService(sessions, reader.username, reader)
    const writesBefore = sessions.accountsHistory.length
    await signInThroughService(sessions, reader.username, reader)

    // The attack on the popup arrived: the real client reported the old session deleted (revoked).
    expect(sessions.deletions).toContainEqual({ did: sb.seed.reader.did, cause: 'TokenRevokedError' })
    // …and no state the accounts store ever wrote showed the reader signed out.
    const states = sessions.accountsHistory.slice(writesBefore)
    expect(states.length).toBeGreaterThan(0)
    for (const state of states) expect(state.accounts.find((a) => a.did === sb.seed.reader.did)?.signedIn).toBe(true)
    // The new session works at the PDS.
    const session = await sessions.service.restore(sb.seed.reader.did)
    expect((await session.fetchHandler('/xrpc/com.atproto.server.getSession')).status).toBe(200)
  })

  it('the real redirect reached in another tab is ignored; in the sign-in’s own tab it finishes', async () => {
    const sessions = createTestSessions()
    const status = await sessions.service.beginSignIn(writer.handle)
    if (status?.status !== 'waiting' || status.tabId === undefined) throw new Error(`not waiting: ${JSON.stringify(status)}`)
    const redirect = await driveSignIn({ authorizeUrl: sessions.shown.get(status.tabId)!, ...writerLogin, consent: 'authorize' })
    expect(redirect.href.startsWith(LOOPBACK_REDIRECT_URI)).toBe(true)

    expect(await sessions.service.handleNavigation(status.tabId + 1000, redirect.href)).toBe(false)
    expect(sessions.closedTabs).toEqual([])
    expect(sessions.signInStatus()).toMatchObject({ status: 'waiting', tabId: status.tabId })

    expect(await sessions.service.handleNavigation(status.tabId, redirect.href)).toBe(true)
    expect((await sessions.accounts.read()).activeDid).toBe(writer.did)
  })

  it('cancel deletes the stored request and its key; the redirect that arrives later signs nobody in', async () => {
    const sessions = createTestSessions()
    const status = await sessions.service.beginSignIn(writer.handle)
    if (status?.status !== 'waiting' || status.tabId === undefined) throw new Error(`not waiting: ${JSON.stringify(status)}`)
    const db = await sessions.test.db
    expect(await db.count('oauth-state')).toBe(1)
    const tokensBefore = await liveTokens(writer.did)

    expect(await sessions.service.cancelSignIn()).toEqual({ cancelled: true, windowLeftOpen: false })
    expect(sessions.closedTabs).toEqual([status.tabId])
    expect(await db.count('oauth-state')).toBe(0)

    // The reader goes on at the PDS anyway (the page was still open): a real code comes back…
    const redirect = await driveSignIn({ authorizeUrl: sessions.shown.get(status.tabId)!, ...writerLogin, consent: 'authorize' })
    expect(redirect.searchParams.get('code')).toBeTruthy()
    // …and finishes nothing: not through the worker, not even handed to the client directly.
    expect(await sessions.service.handleNavigation(status.tabId, redirect.href)).toBe(false)
    await expect(sessions.test.client.callback(redirect.searchParams, { redirect_uri: LOOPBACK_REDIRECT_URI })).rejects.toThrow(/Unknown authorization session/)
    expect((await sessions.accounts.read()).accounts).toEqual([])
    expect(await liveTokens(writer.did)).toBe(tokensBefore)
  })
})
