// A session outlives the worker: a second client over the same IndexedDB (a worker Chrome woke up)
// restores it without any network call while its token is valid; refreshes rotate the tokens and
// keep writes working; concurrent restores through the session service share one.
import { afterEach, describe, expect, it } from 'vitest'
import { clientForSession } from '../../../lib/atproto/pds-client.ts'
import type { TendrilXrpc } from '../../../lib/xrpc/tendril-xrpc.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { createTestClient, disposeTestClients, type TestClient } from './client.ts'
import { writeAndRemoveBookmark } from './records.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader
const readerDid = reader.did as `did:${string}:${string}`
const signInReader = () => signedIn(reader)

const writeBookmark = (client: TendrilXrpc) => writeAndRemoveBookmark(client, reader.did)
const clientOf = clientForSession

const accessToken = async (test: TestClient) => (await test.storedSession(reader.did))?.tokenSet

afterEach(disposeTestClients)

describe('restoring a stored session', () => {
  it('a woken worker (new client, same IndexedDB) restores with zero network calls; the first signed request works', async () => {
    const first = await signInReader()
    const woken = createTestClient({ dbName: first.test.dbName })

    const t0 = performance.now()
    const session = await woken.client.restore(readerDid)
    const restoreMs = performance.now() - t0
    expect(session.did).toBe(reader.did)
    expect(woken.net.perUrl()).toEqual({})

    const t1 = performance.now()
    const res = await session.fetchHandler('/xrpc/com.atproto.server.getSession')
    const firstRequestMs = performance.now() - t1
    expect(res.status).toBe(200)
    expect(((await res.json()) as { did: string }).did).toBe(reader.did)
    // Everything that went out is that one request, signed, carrying the DPoP nonce the first
    // client stored during sign-in: no `use_dpop_nonce` retry.
    expect(woken.net.calls).toHaveLength(1)
    for (const call of woken.net.calls) {
      expect(call).toMatchObject({ url: `${sb.pdsUrl}/xrpc/com.atproto.server.getSession`, auth: 'DPoP', dpop: true })
    }
    await writeBookmark(clientOf(session))
    console.info(`[timing] restore from IndexedDB ${restoreMs.toFixed(1)} ms, first signed request ${Math.round(firstRequestMs)} ms`)
  })

  it('a forced refresh (restore(did, true)) rotates the tokens, and writes still work', async () => {
    const sessions = await signInReader()
    const { test } = sessions
    const before = await accessToken(test)
    expect(before?.access_token).toBeTruthy()

    test.net.reset()
    const refreshed = await test.client.restore(readerDid, true)
    const after = await accessToken(test)
    expect(test.net.count('/oauth/token')).toBe(1)
    expect(after?.access_token).toBeTruthy()
    expect(after!.access_token).not.toBe(before!.access_token)
    expect(after!.refresh_token).not.toBe(before!.refresh_token)
    expect(Date.parse(after!.expires_at!)).toBeGreaterThan(Date.now())

    await writeBookmark(clientOf(refreshed))
    await writeBookmark(await sessions.pds.clientFor(reader.did))
  })

  it('concurrent restores through the session service share one restore (and one refresh)', async () => {
    const sessions = await signInReader()
    const { test, service } = sessions
    // Make the stored access token look expired, so restoring must refresh it.
    const row = (await test.readSessionRow(reader.did))!
    const value = row.value as { tokenSet: { expires_at?: string } }
    value.tokenSet.expires_at = new Date(Date.now() - 60_000).toISOString()
    await test.writeSessionRow(reader.did, row)
    const before = await accessToken(test)

    test.net.reset()
    const restoresBefore = sessions.clientRestores()
    const a = service.restore(reader.did)
    const b = service.restore(reader.did)
    expect(b).toBe(a)
    const [sa, sb2] = await Promise.all([a, b])
    expect(sessions.clientRestores() - restoresBefore).toBe(1)
    expect(sb2).toBe(sa)
    expect(test.net.count('/oauth/token')).toBe(1)
    expect((await accessToken(test))!.access_token).not.toBe(before!.access_token)

    // Once settled, the next restore is a new one (nothing stale is kept), without a refresh.
    await service.restore(reader.did)
    expect(sessions.clientRestores() - restoresBefore).toBe(2)
    expect(test.net.count('/oauth/token')).toBe(1)
    await writeBookmark(await sessions.pds.clientFor(reader.did))
  })
})
