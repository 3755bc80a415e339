// The PDS can be stopped and started again through the control server, keeping accounts, records,
// identities and keys. (Shares the sandbox with every other test file: keep the outage short.)
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { xrpc } from '../../sandbox/xrpc.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { freshUri, login, raw, serviceToken } from './helpers.ts'

const sb = useSandbox()

/** Nothing accepts connections on 127.0.0.1:port. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.destroy(), done(false)))
    socket.once('error', () => done(true))
  })
}

describe('PDS stop/start via the control server', () => {
  afterAll(async () => {
    // Never leave the shared sandbox without its PDS, whatever happened above.
    await control('POST', '/pds/start')
  })

  it('keeps accounts, records, sessions and signing keys across a restart', async () => {
    const before = await login(sb.seed.reader.handle)
    const source = sb.seed.sources.find((s) => s.owner === 'reader')!
    const [, , repo, collection, rkey] = source.uri.split('/') as [string, string, string, string, string]
    const recordBefore = await xrpc(sb.pdsUrl, 'com.atproto.repo.getRecord', { params: { repo, collection, rkey } })
    const leafBefore = (await raw(sb.branchlineUrl, 'ink.branchline.getBranch', { params: { bud: sb.seed.buds.deepBranch.leaf } })).body

    const stopped = await control('POST', '/pds/stop')
    expect(stopped).toMatchObject({ ok: true, pds: { running: false } })
    expect((await control('GET', '/health')).pds.running).toBe(false)
    await expect(fetch(`${sb.pdsUrl}/xrpc/_health`)).rejects.toThrow()
    // The Branchline AppView has its own index: it keeps answering while the PDS is down.
    const leafDuring = await raw(sb.branchlineUrl, 'ink.branchline.getBranch', { params: { bud: sb.seed.buds.deepBranch.leaf } })
    expect(leafDuring.status).toBe(200)
    expect(leafDuring.body).toEqual(leafBefore)

    const started = await control('POST', '/pds/start')
    expect(started).toMatchObject({ ok: true, pds: { running: true } })

    // Log in again and read the same record.
    const after = await login(sb.seed.reader.handle)
    expect(after.did).toBe(sb.seed.reader.did)
    const recordAfter = await xrpc(sb.pdsUrl, 'com.atproto.repo.getRecord', { params: { repo, collection, rkey } })
    expect(recordAfter).toEqual(recordBefore)

    // A session from before the restart still works (same JWT secret, same account DB).
    const described = await xrpc(sb.pdsUrl, 'com.atproto.server.getSession', { token: before.accessJwt })
    expect(described.did).toBe(sb.seed.reader.did)

    // Same repo signing key: a service token minted now still verifies against the PLC's key.
    const token = await serviceToken(after)
    const res = await raw(sb.chiveUrl, 'pub.chive.backlink.create', {
      // Fresh URIs: a backlink to a seeded eprint could change what other tests see.
      body: {
        sourceUri: freshUri(after.did, 'app.bsky.feed.post'),
        sourceType: 'bluesky.post',
        targetUri: freshUri(sb.seed.writers[0]!.did, 'pub.chive.eprint.submission'),
      },
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)

    // Records written after the restart land in the same repo.
    const written = await xrpc(sb.pdsUrl, 'com.atproto.repo.createRecord', {
      token: after.accessJwt,
      body: { repo: after.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'back online', createdAt: new Date().toISOString() } },
    })
    await xrpc(sb.pdsUrl, 'com.atproto.repo.deleteRecord', {
      token: after.accessJwt,
      body: { repo: after.did, collection: 'app.bsky.feed.post', rkey: written.uri.split('/').pop() },
    })
  })

  it('a second stop and a second start are harmless no-ops', async () => {
    const port = Number(new URL(sb.pdsUrl).port)
    // control() throws on any answer but 2xx: an error in the second call fails the test.
    expect(await control('POST', '/pds/stop')).toMatchObject({ ok: true, pds: { running: false } })
    expect(await control('POST', '/pds/stop')).toMatchObject({ ok: true, pds: { running: false } })
    expect(await portIsFree(port), `PDS port ${port} is free while stopped`).toBe(true)

    expect(await control('POST', '/pds/start')).toMatchObject({ ok: true, pds: { running: true } })
    expect(await control('POST', '/pds/start')).toMatchObject({ ok: true, pds: { running: true } })
    expect((await fetch(`${sb.pdsUrl}/xrpc/_health`)).ok).toBe(true)
    expect((await login(sb.seed.reader.handle)).did).toBe(sb.seed.reader.did)
  })
})
