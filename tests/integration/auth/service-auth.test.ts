// Service auth for Chive: the reader's PDS mints a token for Chive's DID and the one method asked
// for (within the OAuth scope), the Chive stand-in accepts it for pub.chive.backlink.create, and a
// method outside the scope is refused by the PDS when minting.
import { TID } from '@atproto/common-web'
import { XRPCError } from '@atproto/xrpc'
import { afterEach, describe, expect, it } from 'vitest'
import { createServiceAuth } from '../../../lib/atproto/service-auth.ts'
import { validateBacklinkCreateInput } from '../../../lib/records/validate.ts'
import { CHIVE_SERVICE_DID } from '../../sandbox/config.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'))

async function chive(nsid: string, init: { token?: string; body?: object; params?: Record<string, string> }) {
  const url = new URL(`/xrpc/${nsid}`, sb.chiveUrl)
  if (init.params) url.search = new URLSearchParams(init.params).toString()
  const res = await fetch(url, {
    method: init.body ? 'POST' : 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
  return { status: res.status, body: (await res.json()) as any }
}

afterEach(disposeTestClients)

describe('service auth for Chive', () => {
  it('a token minted for pub.chive.backlink.create is accepted by Chive; delete with its own token', async () => {
    expect(sb.chiveServiceDid).toBe(CHIVE_SERVICE_DID)
    const sessions = await signedIn(reader)
    const serviceAuth = createServiceAuth({ pds: sessions.pds })

    sessions.test.net.reset()
    const token = await serviceAuth.token(reader.did, CHIVE_SERVICE_DID, 'pub.chive.backlink.create')
    expect(payloadOf(token)).toMatchObject({ iss: reader.did, aud: CHIVE_SERVICE_DID, lxm: 'pub.chive.backlink.create' })
    expect(sessions.test.net.calls.filter((c) => c.url.endsWith('/xrpc/com.atproto.server.getServiceAuth'))).not.toHaveLength(0)
    // A second ask within its lifetime costs nothing.
    const minted = sessions.test.net.count('/xrpc/com.atproto.server.getServiceAuth')
    expect(await serviceAuth.token(reader.did, CHIVE_SERVICE_DID, 'pub.chive.backlink.create')).toBe(token)
    expect(sessions.test.net.count('/xrpc/com.atproto.server.getServiceAuth')).toBe(minted)

    const sourceUri = `at://${reader.did}/app.bsky.feed.post/${TID.nextStr()}`
    const targetUri = sb.seed.eprints[0]!.uri
    const input = validateBacklinkCreateInput({ sourceUri, sourceType: 'bluesky.post', targetUri })
    const created = await chive('pub.chive.backlink.create', { token, body: input })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ sourceUri, sourceType: 'bluesky.post', targetUri, deleted: false })
    const listed = await chive('pub.chive.backlink.list', { params: { targetUri } })
    expect(listed.body.backlinks.map((b: { sourceUri: string }) => b.sourceUri)).toContain(sourceUri)

    // Clean up with a token for the delete method.
    const deleteToken = await serviceAuth.token(reader.did, CHIVE_SERVICE_DID, 'pub.chive.backlink.delete')
    expect(payloadOf(deleteToken).lxm).toBe('pub.chive.backlink.delete')
    const deleted = await chive('pub.chive.backlink.delete', { token: deleteToken, body: { sourceUri } })
    expect(deleted.status).toBe(200)
    const after = await chive('pub.chive.backlink.list', { params: { targetUri } })
    expect(after.body.backlinks.map((b: { sourceUri: string }) => b.sourceUri)).not.toContain(sourceUri)
  })

  it('asking for lxm com.atproto.repo.createRecord is refused by the PDS (scope enforced)', async () => {
    const sessions = await signedIn(reader)
    const serviceAuth = createServiceAuth({ pds: sessions.pds })
    sessions.test.net.reset()
    const refused = await serviceAuth
      .token(reader.did, CHIVE_SERVICE_DID, 'com.atproto.repo.createRecord')
      .then(() => undefined, (err: unknown) => err)
    expect(refused).toBeInstanceOf(XRPCError)
    expect((refused as XRPCError).status).toBe(403)
    expect(sessions.test.net.calls.some((c) => c.url === `${sb.pdsUrl}/xrpc/com.atproto.server.getServiceAuth` && c.auth === 'DPoP')).toBe(true)
  })
})
