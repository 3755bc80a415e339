import { describe, expect, it } from 'vitest'
import { createHandleResolver } from '../../../lib/identity/resolve-handle'

describe('createHandleResolver', () => {
  it('returns the DID the shared identity resolver finds', async () => {
    const asked: string[] = []
    const resolve = createHandleResolver({
      resolve: async (id) => {
        asked.push(id)
        return { did: 'did:plc:ada' }
      },
    })
    expect(await resolve('ada.test')).toBe('did:plc:ada')
    expect(asked).toEqual(['ada.test'])
  })

  it.each([
    ['an unknown handle', new Error('Handle "nobody.test" does not resolve to a DID'), 'HandleNotFound'],
    ['an outage', new Error('Failed to resolve identity', { cause: new TypeError('fetch failed') }), 'AppViewUnavailable'],
  ])('maps %s to %s', async (_name, error, code) => {
    const resolve = createHandleResolver({
      resolve: async () => {
        throw error
      },
    })
    await expect(resolve('nobody.test')).rejects.toMatchObject({ code })
  })
})
