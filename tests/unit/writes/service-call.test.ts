import { describe, expect, it, vi } from 'vitest'
import { createServiceCaller } from '../../../lib/writes/service-call'

const READER = 'did:plc:reader'
const CHIVE = { url: 'https://chive.test', did: 'did:web:chive.test' }
const op = {
  kind: 'service' as const,
  service: 'chive' as const,
  nsid: 'pub.chive.backlink.create' as const,
  input: { sourceUri: `at://${READER}/app.bsky.feed.post/3kqaaa`, sourceType: 'bluesky.post', targetUri: 'at://did:plc:author/pub.chive.eprint.submission/3kqbbb' },
  key: `at://${READER}/app.bsky.feed.post/3kqaaa`,
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
/** A backlink as pub.chive.backlink.create answers it (lexicons/pub/chive/backlink/create.json). */
const created = { id: 1, sourceUri: op.input.sourceUri, sourceType: 'bluesky.post', targetUri: op.input.targetUri, indexedAt: '2026-11-30T12:00:00.000Z', deleted: false }

function setup(answers: Response[]) {
  let minted = 0
  const serviceAuth = { token: vi.fn(async () => `token-${++minted}`), forget: vi.fn() }
  const seen: Array<{ url: string; auth: string | null }> = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    seen.push({ url: request.url, auth: request.headers.get('authorization') })
    return answers.shift()!
  })
  const call = createServiceCaller({ serviceAuth, services: { chive: CHIVE }, fetch: fetch as typeof globalThis.fetch })(READER)
  return { call, serviceAuth, seen }
}

describe('the service caller (Chive)', () => {
  it('posts straight to Chive with a Bearer token minted for Chive’s DID and that very method (lxm)', async () => {
    const { call, serviceAuth, seen } = setup([json(200, created)])
    await call(op, {})
    expect(serviceAuth.token).toHaveBeenCalledWith(READER, CHIVE.did, 'pub.chive.backlink.create')
    expect(seen).toEqual([{ url: 'https://chive.test/xrpc/pub.chive.backlink.create', auth: 'Bearer token-1' }])
  })

  it('a token Chive refuses is dropped and minted afresh once', async () => {
    const { call, serviceAuth, seen } = setup([json(401, { error: 'AuthenticationRequired', message: 'expired' }), json(200, created)])
    await call(op, {})
    expect(serviceAuth.forget).toHaveBeenCalledWith(READER)
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', 'Bearer token-2'])
  })

  it('a second refusal goes back to the journal (no third try)', async () => {
    const refused = () => json(401, { error: 'AuthenticationRequired', message: 'no' })
    const { call, seen } = setup([refused(), refused(), json(200, created)])
    await expect(call(op, {})).rejects.toMatchObject({ status: 401, error: 'AuthenticationRequired' })
    expect(seen).toHaveLength(2)
  })

  it('checks the input against the lexicon before anything is sent', async () => {
    const { call, seen } = setup([json(200, created)])
    await expect(call({ ...op, input: { sourceUri: 'not an at-uri', sourceType: 'x', targetUri: op.input.targetUri } }, {})).rejects.toMatchObject({ code: 'RecordInvalid' })
    expect(seen).toEqual([])
  })
})
