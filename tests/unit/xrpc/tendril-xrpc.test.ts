import { XRPCError, XRPCInvalidResponseError } from '@atproto/xrpc'
import { describe, expect, it } from 'vitest'
import { TendrilXrpc } from '../../../lib/xrpc/tendril-xrpc'

const DID = 'did:plc:reader'
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
const BUD = 'at://did:plc:writer/ink.branchline.bud/3kq2z7xyz2kaa'
const bookmark = { $type: 'ink.branchline.bookmark', subject: { uri: BUD, cid: CID }, createdAt: '2026-11-30T12:00:00.000Z' }

/** A client over a fake server that records what reached it and answers `answer`. */
function clientAnswering(answer: unknown = { uri: `at://${DID}/ink.branchline.bookmark/3kq2z7xyz2kab`, cid: CID }) {
  const sent: Array<{ url: string; body: unknown }> = []
  const client = new TendrilXrpc(async (url, init) => {
    sent.push({ url, body: init.body ? JSON.parse(await new Response(init.body).text()) : undefined })
    return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } })
  })
  return { client, sent }
}

describe('TendrilXrpc', () => {
  it('sends a valid record and returns the checked answer', async () => {
    const { client, sent } = clientAnswering()
    const { data } = await client.com.atproto.repo.createRecord({ repo: DID, collection: 'ink.branchline.bookmark', record: bookmark })
    expect(data.cid).toBe(CID)
    expect(sent).toEqual([{ url: '/xrpc/com.atproto.repo.createRecord', body: { repo: DID, collection: 'ink.branchline.bookmark', record: bookmark } }])
  })

  it.each([
    ['a record missing a required field', { ...bookmark, createdAt: undefined }, 'ink.branchline.bookmark', /createdAt/],
    ['a subject that is not a strongRef', { ...bookmark, subject: { uri: BUD } }, 'ink.branchline.bookmark', /subject/],
    ['a record whose $type is another collection', { ...bookmark, $type: 'ink.branchline.bud' }, 'ink.branchline.bookmark', /\$type/],
    ['a collection Tendril has no lexicon for', { $type: 'app.bsky.feed.like' }, 'app.bsky.feed.like', /no lexicon/],
  ])('refuses %s before anything is sent (createRecord and putRecord)', async (_, record, collection, detail) => {
    const { client, sent } = clientAnswering()
    const create = client.com.atproto.repo.createRecord({ repo: DID, collection, record: record as never })
    await expect(create).rejects.toMatchObject({ code: 'RecordInvalid', message: expect.stringMatching(detail) })
    const put = client.com.atproto.repo.putRecord({ repo: DID, collection, rkey: '3kq2z7xyz2kab', record: record as never })
    await expect(put).rejects.toMatchObject({ code: 'RecordInvalid', message: expect.stringMatching(detail) })
    expect(sent).toEqual([])
  })

  it('checks every create and update of an applyWrites batch, and lets deletes through', async () => {
    const { client, sent } = clientAnswering({})
    const batch = (value: unknown) => ({
      repo: DID,
      writes: [
        { $type: 'com.atproto.repo.applyWrites#delete' as const, collection: 'ink.branchline.bookmark', rkey: 'a' },
        { $type: 'com.atproto.repo.applyWrites#create' as const, collection: 'ink.branchline.bookmark', value: bookmark },
        { $type: 'com.atproto.repo.applyWrites#update' as const, collection: 'ink.branchline.bookmark', rkey: 'b', value: value as never },
      ],
    })
    await expect(client.com.atproto.repo.applyWrites(batch({ ...bookmark, subject: 'x' }))).rejects.toMatchObject({ code: 'RecordInvalid' })
    expect(sent).toEqual([])
    await client.com.atproto.repo.applyWrites(batch(bookmark))
    expect(sent).toHaveLength(1)
  })

  it('refuses parameters the method’s lexicon does not allow (a limit above listRecords’ maximum)', async () => {
    const { client, sent } = clientAnswering({ records: [] })
    await expect(client.com.atproto.repo.listRecords({ repo: DID, collection: 'ink.branchline.bookmark', limit: 1000 })).rejects.toMatchObject({
      code: 'RecordInvalid',
    })
    expect(sent).toEqual([])
  })

  it('refuses an answer that breaks the method’s output lexicon', async () => {
    const { client } = clientAnswering({ uri: 'not-an-at-uri' })
    const create = client.com.atproto.repo.createRecord({ repo: DID, collection: 'ink.branchline.bookmark', record: bookmark })
    await expect(create).rejects.toBeInstanceOf(XRPCInvalidResponseError)
  })

  it('reports a refusal with its status and error name', async () => {
    const client = new TendrilXrpc(async () =>
      new Response(JSON.stringify({ error: 'InvalidSwap', message: 'Record was at bafy…' }), { status: 400, headers: { 'content-type': 'application/json' } }),
    )
    const put = client.com.atproto.repo.putRecord({ repo: DID, collection: 'ink.branchline.bookmark', rkey: 'a', record: bookmark, swapRecord: CID })
    await expect(put).rejects.toBeInstanceOf(XRPCError)
    await expect(put).rejects.toMatchObject({ status: 400, error: 'InvalidSwap' })
  })
})
