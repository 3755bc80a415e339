import { describe, expect, it, vi } from 'vitest'
import type { PdsClients } from '../../../lib/atproto/pds-client'
import { createServiceAuth } from '../../../lib/atproto/service-auth'

function fakePds() {
  let minted = 0
  const getServiceAuth = vi.fn(async (params: { aud: string; lxm: string; exp: number }) => ({
    data: { token: `token-${++minted}-${params.lxm}-${params.exp}` },
  }))
  const pds = { clientFor: vi.fn(async () => ({ com: { atproto: { server: { getServiceAuth } } } })) } as unknown as PdsClients
  return { pds, getServiceAuth }
}

describe('createServiceAuth', () => {
  it('reuses a token until shortly before it expires', async () => {
    let now = 1_000_000_000_000
    const { pds, getServiceAuth } = fakePds()
    const auth = createServiceAuth({ pds, now: () => now })
    const first = await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')
    expect(await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')).toBe(first)
    expect(getServiceAuth).toHaveBeenCalledTimes(1)
    expect(getServiceAuth.mock.calls[0]![0]).toEqual({ aud: 'did:web:chive.pub', lxm: 'pub.chive.backlink.create', exp: now / 1000 + 180 })

    now += 149_000 // 31 s left: still fine
    expect(await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')).toBe(first)
    now += 2_000 // 29 s left: too close, mint again
    expect(await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')).not.toBe(first)
    expect(getServiceAuth).toHaveBeenCalledTimes(2)
  })

  it('keeps tokens per account and method, and forgets an account’s on sign-out', async () => {
    const { pds, getServiceAuth } = fakePds()
    const auth = createServiceAuth({ pds, now: () => 1_000_000_000_000 })
    await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')
    await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.delete')
    await auth.token('did:plc:s', 'did:web:chive.pub', 'pub.chive.backlink.create')
    expect(getServiceAuth).toHaveBeenCalledTimes(3)
    auth.forget('did:plc:r')
    await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')
    await auth.token('did:plc:s', 'did:web:chive.pub', 'pub.chive.backlink.create')
    expect(getServiceAuth).toHaveBeenCalledTimes(4)
  })

  it('the sweep drops tokens past use, and only those (moving the clock)', async () => {
    let now = 1_000_000_000_000
    const { pds } = fakePds()
    const auth = createServiceAuth({ pds, now: () => now })
    await auth.token('did:plc:r', 'did:web:chive.pub', 'pub.chive.backlink.create')
    now += 100_000
    await auth.token('did:plc:s', 'did:web:chive.pub', 'pub.chive.backlink.create')
    expect(auth.sweep()).toBe(0)
    now += 50_000 // the first has 30 s left: no longer handed out
    expect(auth.sweep()).toBe(1)
    expect(auth.size).toBe(1)
    now += 100_000
    expect(auth.sweep()).toBe(1)
    expect(auth.size).toBe(0)
  })
})
