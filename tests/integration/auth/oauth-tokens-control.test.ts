// The control server's view of the PDS's own OAuth token store (GET /pds/oauth-tokens?did=), which
// other tests use to prove a sign-out really revoked the session at the PDS.
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { createTestClient, disposeTestClients, signInWithClient } from './client.ts'

const sb = useSandbox()
// A writer no other auth test signs in, so the counts move only because of this test.
const account = sb.seed.writers[2]!

interface TokenCounts {
  did: string
  live: number
  total: number
}
const tokens = (did: string) => control<TokenCounts>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(did)}`)

afterEach(disposeTestClients)

describe('GET /pds/oauth-tokens', () => {
  it('counts a new session’s token as live, and drops it when the client revokes it', async () => {
    const before = await tokens(account.did)
    expect(before.did).toBe(account.did)
    expect(before.live).toBeLessThanOrEqual(before.total)

    const test = createTestClient()
    const session = await signInWithClient(test, account)
    expect(session.did).toBe(account.did)
    expect(await tokens(account.did)).toEqual({ did: account.did, live: before.live + 1, total: before.total + 1 })

    // A second, independent session of the same account is a second row.
    const other = createTestClient()
    await signInWithClient(other, account)
    expect(await tokens(account.did)).toMatchObject({ live: before.live + 2, total: before.total + 2 })

    await test.client.revoke(account.did as `did:${string}:${string}`)
    expect(await tokens(account.did)).toMatchObject({ live: before.live + 1, total: before.total + 1 })
    await other.client.revoke(account.did as `did:${string}:${string}`)
    expect(await tokens(account.did)).toEqual(before)
  })

  it('answers zeros for an account without tokens and 400 without a did', async () => {
    expect(await tokens('did:plc:aaaaaaaaaaaaaaaaaaaaaaaa')).toEqual({ did: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', live: 0, total: 0 })
    const res = await fetch(new URL('/pds/oauth-tokens', sb.controlUrl))
    expect(res.status).toBe(400)
  })
})
