import { describe, expect, it } from 'vitest'
import { collectionsOf, createSourceReader, type SourcePage } from '../../../lib/backlinks/source-record'
import { detectPage } from '../../../lib/sites'

// The source reader over a fake PDS answering getRecord from a table: handles resolved on both
// sides (the page's author, an eprint linked by handle), a record that breaks its lexicon cites
// nothing, a missing record is undefined, Leaflet's two collections tried in order.
const AUTHOR = 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa'
const EPRINTER = 'did:plc:eeeeeeeeeeeeeeeeeeeeeeee'
const EPRINT = `at://${EPRINTER}/pub.chive.eprint.submission/3kq2z7xyz2eaa`
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
const handles: Record<string, string> = { 'author.test': AUTHOR, 'eprinter.test': EPRINTER }

const post = (uri: string) => {
  const text = `Read this: ${uri}`
  return {
    $type: 'app.bsky.feed.post',
    text,
    createdAt: '2026-01-01T00:00:00.000Z',
    facets: [{ index: { byteStart: 11, byteEnd: new TextEncoder().encode(text).length }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] }],
  }
}

function setup(records: Record<string, unknown>) {
  const asked: string[] = []
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const key = `${url.searchParams.get('repo')}/${url.searchParams.get('collection')}/${url.searchParams.get('rkey')}`
    asked.push(key)
    const value = records[key]
    if (!value) return new Response(JSON.stringify({ error: 'RecordNotFound', message: 'no' }), { status: 400, headers: { 'content-type': 'application/json' } })
    return new Response(JSON.stringify({ uri: `at://${key}`, cid: CID, value }), { headers: { 'content-type': 'application/json' } })
  }
  const reader = createSourceReader({
    pdsOf: async () => 'https://pds.test',
    resolveHandle: async (h) => handles[h] ?? Promise.reject(new Error('no such handle')),
    fetch: fetch as typeof globalThis.fetch,
  })
  return { reader, asked }
}
const page = (url: string) => detectPage(url) as SourcePage

describe('the source reader', () => {
  it('reads the post the page names (its author by handle), and resolves an eprint linked by handle', async () => {
    const byHandle = `https://chive.pub/eprints/${encodeURIComponent('at://eprinter.test/pub.chive.eprint.submission/3kq2z7xyz2eaa')}`
    const { reader } = setup({ [`${AUTHOR}/app.bsky.feed.post/3kq2z7xyz2paa`]: post(byHandle) })
    const found = await reader.read(page('https://bsky.app/profile/author.test/post/3kq2z7xyz2paa'))
    expect(found).toMatchObject({ sourceUri: `at://${AUTHOR}/app.bsky.feed.post/3kq2z7xyz2paa`, did: AUTHOR })
    expect(found!.citations.map((c) => [c.eprint, c.sourceType])).toEqual([[EPRINT, 'bluesky.post']])
    expect(found!.citations[0]).not.toHaveProperty('needsResolve')
  })

  it('a record that breaks its lexicon cites nothing; a missing one is undefined', async () => {
    const { reader } = setup({ [`${AUTHOR}/app.bsky.feed.post/3kq2z7xyz2paa`]: { $type: 'app.bsky.feed.post', facets: 'nope' } })
    expect((await reader.read(page(`https://bsky.app/profile/${AUTHOR}/post/3kq2z7xyz2paa`)))?.citations).toEqual([])
    expect(await reader.read(page(`https://bsky.app/profile/${AUTHOR}/post/3kq2z7xyz2zaa`))).toBeUndefined()
  })

  it('Leaflet: tries its collections in order', async () => {
    const { reader, asked } = setup({})
    const p = page(`https://leaflet.pub/p/${AUTHOR}/3kq2z7xyz2laa`)
    expect(await reader.read(p)).toBeUndefined()
    expect(asked.map((k) => k.split('/')[1])).toEqual([...collectionsOf(p)])
  })
})
