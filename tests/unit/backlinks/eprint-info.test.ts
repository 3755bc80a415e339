import { describe, expect, it, vi } from 'vitest'
import { createEprintInfo, eprintPageUrl, KEEP_MISSING_MS } from '../../../lib/backlinks/eprint-info'

const DID = 'did:plc:chive'
const URI = `at://${DID}/pub.chive.eprint.submission/3e1`

function pds(records: Record<string, unknown>) {
  return vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input))
    const value = records[url.searchParams.get('rkey') ?? '']
    if (value === undefined) return new Response(JSON.stringify({ error: 'RecordNotFound', message: 'no' }), { status: 400, headers: { 'content-type': 'application/json' } })
    return new Response(JSON.stringify({ uri: URI, value }), { status: 200, headers: { 'content-type': 'application/json' } })
  })
}

describe('what Tendril calls an eprint', () => {
  it('is the title in the eprint’s own record at its author’s PDS, read once', async () => {
    const fetch = pds({ '3e1': { title: '  Tidal Memory  ' } })
    const info = createEprintInfo({ pdsOf: async () => 'https://pds.example', fetch: fetch as typeof globalThis.fetch })
    expect(await info.get(URI)).toEqual({ uri: URI, title: 'Tidal Memory', pageUrl: eprintPageUrl(URI) })
    await info.get(URI)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(info.known(URI)?.title).toBe('Tidal Memory')
  })

  it('an eprint whose record is not there is undefined, asked again only after a while', async () => {
    let now = 0
    const fetch = pds({})
    const info = createEprintInfo({ pdsOf: async () => 'https://pds.example', fetch: fetch as typeof globalThis.fetch, now: () => now })
    expect(await info.get(URI)).toBeUndefined()
    expect(await info.get(URI)).toBeUndefined()
    expect(fetch).toHaveBeenCalledTimes(1)
    now = KEEP_MISSING_MS + 1
    await info.get(URI)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(info.cached(URI).title).toBe('an eprint on Chive')
  })

  it('a title that is not text, or a handle-based URI, names no title from the page', async () => {
    const info = createEprintInfo({ pdsOf: async () => 'https://pds.example', fetch: pds({ '3e1': { title: 42 } }) as typeof globalThis.fetch })
    expect((await info.get(URI))?.title).toBe('Untitled eprint')
    expect(await info.get('at://ada.test/pub.chive.eprint.submission/3e1')).toBeUndefined()
  })
})
