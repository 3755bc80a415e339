import { describe, expect, it } from 'vitest'
import { createBranchlineClient } from '../../../lib/appview/branchline-client'

const bud = (n: number) => `at://did:plc:w/ink.branchline.bud/3kq2z7xyz2k${n.toString().padStart(2, 'a')}`

function fakeFetch(answer: (url: URL) => Response | Promise<Response>) {
  const calls: URL[] = []
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input))
    calls.push(url)
    return answer(url)
  }
  return { fetch: fetch as typeof globalThis.fetch, calls }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } })

/** A bud view as the lexicon (lexicons/ink/branchline/getBuds.json) defines it. */
const view = (uri: string) => ({
  uri,
  cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm',
  title: 't',
  text: 'x',
  createdAt: '2026-11-01T00:00:00.000Z',
  depth: 1,
  pollenCount: 0,
  parent: { uri: bud(0), cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' },
})

describe('createBranchlineClient', () => {
  it('asks getBranch for the bud and returns the root→bud path', async () => {
    const { fetch, calls } = fakeFetch(() => json({ buds: [bud(1), bud(2)] }))
    const client = createBranchlineClient({ baseUrl: 'https://branchline.ink/', fetch })
    expect(await client.getBranch(bud(2))).toEqual([bud(1), bud(2)])
    expect(calls[0]!.origin + calls[0]!.pathname).toBe('https://branchline.ink/xrpc/ink.branchline.getBranch')
    expect(calls[0]!.searchParams.get('bud')).toBe(bud(2))
  })

  it('splits getBuds into requests of at most 25 URIs', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      json({ buds: url.searchParams.getAll('uris').map(view) }),
    )
    const uris = Array.from({ length: 60 }, (_, i) => bud(i))
    const views = await createBranchlineClient({ baseUrl: 'https://branchline.ink', fetch }).getBuds(uris)
    expect(calls.map((c) => c.searchParams.getAll('uris').length)).toEqual([25, 25, 10])
    expect(views.map((v) => v.uri)).toEqual(uris)
  })

  it('refuses bud views that break the lexicon (a missing required field)', async () => {
    const { fetch } = fakeFetch(() => json({ buds: [{ ...view(bud(1)), title: undefined }] }))
    await expect(createBranchlineClient({ baseUrl: 'https://branchline.ink', fetch }).getBuds([bud(1)])).rejects.toMatchObject({
      code: 'AppViewInvalidResponse',
      message: expect.stringContaining('title'),
    })
  })

  it.each([
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), 'AppViewUnavailable'],
    ['a 502', () => json({ error: 'BadGateway' }, 502), 'AppViewUnavailable'],
    ['a 400', () => json({ error: 'InvalidRequest' }, 400), 'AppViewInvalidResponse'],
    ['HTML instead of JSON', () => new Response('<html>', { status: 200 }), 'AppViewInvalidResponse'],
    ['the wrong shape', () => json({ buds: 'nope' }), 'AppViewInvalidResponse'],
    ['a branch of things that are not AT-URIs', () => json({ buds: ['javascript:alert(1)'] }), 'AppViewInvalidResponse'],
  ])('turns %s into %s', async (_name, answer, code) => {
    const { fetch } = fakeFetch(answer as () => Response)
    await expect(createBranchlineClient({ baseUrl: 'https://branchline.ink', fetch }).getBranch(bud(1))).rejects.toMatchObject({ code })
  })
})
