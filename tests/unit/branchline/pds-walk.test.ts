import { describe, expect, it, vi } from 'vitest'
import { createPdsWalk } from '../../../lib/branchline/pds-walk'
import { pdsEndpoint } from '../../../lib/identity/pds-of'

// The walk over parent strongRefs at the authors' PDSes, against a fake PDS that answers getRecord
// from a table (what a real PDS answers: the record, or 400 RecordNotFound).
const bud = (did: string, k: string) => `at://${did}/ink.branchline.bud/3kq2z7xyz2${k}aa`
const A = 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa'
const B = 'did:plc:bbbbbbbbbbbbbbbbbbbbbbbb'
const CID = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
// r (A) ← m (B) ← l (A): a story crossing two authors' repos.
const records: Record<string, { title: string; parent?: string }> = {
  [bud(A, 'r')]: { title: 'Root' },
  [bud(B, 'm')]: { title: 'Middle', parent: bud(A, 'r') },
  [bud(A, 'l')]: { title: 'Leaf', parent: bud(B, 'm') },
  [bud(A, 'o')]: { title: 'Orphan', parent: bud(B, 'gone') },
}

function setup() {
  const asked: string[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const uri = `at://${url.searchParams.get('repo')}/${url.searchParams.get('collection')}/${url.searchParams.get('rkey')}`
    asked.push(`${url.host} ${uri}`)
    const r = records[uri]
    if (!r) return new Response(JSON.stringify({ error: 'RecordNotFound', message: 'no' }), { status: 400, headers: { 'content-type': 'application/json' } })
    const value = { $type: 'ink.branchline.bud', title: r.title, text: '', createdAt: '2026-01-01T00:00:00.000Z', ...(r.parent ? { parent: { uri: r.parent, cid: CID } } : {}) }
    return new Response(JSON.stringify({ uri, cid: CID, value }), { headers: { 'content-type': 'application/json' } })
  })
  const walk = createPdsWalk({ pdsOf: async (did) => (did === A ? 'https://pds-a.test' : 'https://pds-b.test'), fetch: fetch as unknown as typeof globalThis.fetch })
  return { walk, asked }
}

describe('the PDS walk', () => {
  it('walks parents across repos (each at its author’s PDS) to the root', async () => {
    const { walk, asked } = setup()
    const { path, read } = await walk.walk(bud(A, 'l'), async () => undefined)
    expect(path).toEqual([bud(A, 'r'), bud(B, 'm'), bud(A, 'l')])
    expect(read.map((b) => b.title)).toEqual(['Leaf', 'Middle', 'Root'])
    expect(asked.map((a) => a.split(' ')[0])).toEqual(['pds-a.test', 'pds-b.test', 'pds-a.test'])
  })

  it('stops at the first bud whose path is already known', async () => {
    const { walk, asked } = setup()
    const { path } = await walk.walk(bud(A, 'l'), async (uri) => (uri === bud(B, 'm') ? [bud(A, 'r'), bud(B, 'm')] : undefined))
    expect(path).toEqual([bud(A, 'r'), bud(B, 'm'), bud(A, 'l')])
    expect(asked).toHaveLength(1)
  })

  it('a bud that is not at its PDS, or whose ancestor is gone, has no path', async () => {
    const { walk } = setup()
    expect((await walk.walk(bud(A, 'x'), async () => undefined)).path).toBeNull()
    expect((await walk.walk(bud(A, 'o'), async () => undefined)).path).toBeNull()
  })
})

describe('pdsEndpoint', () => {
  it.each([
    [{ service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'https://pds.test' }] }, 'https://pds.test'],
    [{ service: [{ id: `${A}#atproto_pds`, type: 'AtprotoPersonalDataServer', serviceEndpoint: 'https://pds.test' }] }, 'https://pds.test'],
    [{ service: [{ id: '#atproto_pds', type: 'Something', serviceEndpoint: 'https://pds.test' }] }, undefined],
    [{ service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: { uri: 'x' } }] }, undefined],
    [{}, undefined],
  ])('%j → %s', (doc, expected) => {
    expect(pdsEndpoint(doc, A)).toBe(expected)
  })
})
