import { describe, expect, it } from 'vitest'
import { createHandleResolver } from '../../../lib/identity/resolve-handle'

const respond = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch

describe('createHandleResolver', () => {
  it('returns the DID the service answers', async () => {
    let asked = ''
    const fetch = (async (url: string) => {
      asked = url
      return new Response(JSON.stringify({ did: 'did:plc:ada' }))
    }) as unknown as typeof globalThis.fetch
    expect(await createHandleResolver({ serviceUrl: 'http://localhost:2583/', fetch })('ada.test')).toBe('did:plc:ada')
    expect(asked).toBe('http://localhost:2583/xrpc/com.atproto.identity.resolveHandle?handle=ada.test')
  })

  it.each([
    ['a 400 (unknown handle)', respond(400, { error: 'InvalidRequest' }), 'HandleNotFound'],
    ['a body without a DID', respond(200, { did: 'not-a-did' }), 'HandleNotFound'],
    ['a 503', respond(503, {}), 'AppViewUnavailable'],
  ])('maps %s to %s', async (_name, fetch, code) => {
    await expect(createHandleResolver({ serviceUrl: 'http://x', fetch })('nobody.test')).rejects.toMatchObject({ code })
  })
})
