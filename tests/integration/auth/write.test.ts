// Writing with the reader's OAuth session: a bookmark through Tendril's XRPC client over the session
// (DPoP-bound, as lib/atproto/pds-client.ts builds it) lands in the reader's repo; anything outside the
// granted scope is refused by the PDS itself.
import { XRPCError } from '@atproto/xrpc'
import { TID } from '@atproto/common-web'
import { afterEach, describe, expect, it } from 'vitest'
import { buildBookmarkRecord } from '../../../lib/records/validate.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { rkeyOf, seededBud } from './records.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader

afterEach(disposeTestClients)

describe('writes with the OAuth session', () => {
  it('creates an ink.branchline.bookmark of a seeded bud, DPoP-bound, and reads it back', async () => {
    const sessions = await signedIn(reader)
    const agent = await sessions.pds.clientFor(reader.did)

    const bud = await seededBud()
    expect(bud.uri).toBe(sb.seed.buds.demo)
    const record = buildBookmarkRecord({ subject: bud, createdAt: new Date().toISOString() })

    sessions.test.net.reset()
    const t0 = performance.now()
    const created = await agent.com.atproto.repo.createRecord({ repo: reader.did, collection: 'ink.branchline.bookmark', record })
    const writeMs = performance.now() - t0
    expect(created.data.uri).toMatch(new RegExp(`^at://${reader.did}/ink\\.branchline\\.bookmark/`))
    const writes = sessions.test.net.calls.filter((c) => c.url.endsWith('/xrpc/com.atproto.repo.createRecord'))
    expect(writes.length).toBeGreaterThanOrEqual(1) // a second one only after a use_dpop_nonce challenge
    for (const call of writes) expect(call).toMatchObject({ url: `${sb.pdsUrl}/xrpc/com.atproto.repo.createRecord`, auth: 'DPoP', dpop: true })

    const read = await agent.com.atproto.repo.getRecord({ repo: reader.did, collection: 'ink.branchline.bookmark', rkey: rkeyOf(created.data.uri) })
    expect(read.data.cid).toBe(created.data.cid)
    expect(read.data.value).toEqual({ $type: 'ink.branchline.bookmark', subject: bud, createdAt: record.createdAt })

    await agent.com.atproto.repo.deleteRecord({ repo: reader.did, collection: 'ink.branchline.bookmark', rkey: rkeyOf(created.data.uri) })
    console.info(`[timing] DPoP-bound createRecord ${Math.round(writeMs)} ms`)
  })

  it('a write outside the scope (app.bsky.feed.post) is refused by the PDS and nothing is written', async () => {
    const sessions = await signedIn(reader)
    const agent = await sessions.pds.clientFor(reader.did)
    const rkey = TID.nextStr()
    sessions.test.net.reset()
    const refused = await agent.com.atproto.repo
      .createRecord({
        repo: reader.did,
        collection: 'app.bsky.feed.post',
        rkey,
        record: { $type: 'app.bsky.feed.post', text: 'not in Tendril’s scope', createdAt: new Date().toISOString() },
      })
      .then(() => undefined, (err: unknown) => err)
    expect(refused).toBeInstanceOf(XRPCError)
    expect((refused as XRPCError).status).toBe(403)
    // The refusal came from the PDS: the request went out, signed.
    expect(sessions.test.net.calls.some((c) => c.url === `${sb.pdsUrl}/xrpc/com.atproto.repo.createRecord` && c.auth === 'DPoP')).toBe(true)
    const missing = await agent.com.atproto.repo
      .getRecord({ repo: reader.did, collection: 'app.bsky.feed.post', rkey })
      .then(() => 'found', (err: XRPCError) => err.error)
    expect(missing).toBe('RecordNotFound')
    // The session itself is unharmed by the refusal.
    expect((await sessions.service.restore(reader.did)).did).toBe(reader.did)
  })
})
