// Signing out revokes the session at the PDS, not just locally: the PDS's own token store has no
// live token left for the account, and a copy of the old session (as a stolen or restored profile
// would hold) is refused by the PDS itself.
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader
const readerDid = reader.did as `did:${string}:${string}`
const tokens = (did: string) => control<{ live: number; total: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(did)}`)

afterEach(disposeTestClients)

describe('sign-out', () => {
  it('revokes at the PDS: no live token remains, and the old token is refused there with 401', async () => {
    const sessions = await signedIn(reader)
    const { service, test } = sessions
    expect((await tokens(reader.did)).live).toBeGreaterThanOrEqual(1)
    const copied = await test.readSessionRow(reader.did)
    expect(copied).toBeDefined()

    await service.signOut(reader.did)
    expect(await tokens(reader.did)).toMatchObject({ live: 0 })
    expect(await test.readSessionRow(reader.did)).toBeUndefined()
    expect((await sessions.accounts.read()).accounts).toEqual([])
    await expect(service.restore(reader.did)).rejects.toMatchObject({ code: 'Unauthorized' })

    // Put the old session back, restore it without refreshing, and use it.
    await test.writeSessionRow(reader.did, copied!)
    try {
      const stale = await test.client.restore(readerDid, false)
      test.net.reset()
      const res = await stale.fetchHandler('/xrpc/com.atproto.server.getSession')
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate') ?? '').toMatch(/^DPoP .*error="invalid_token"/)
      // The request really reached the PDS, signed with the old token…
      expect(test.net.calls[0]).toMatchObject({ url: `${sb.pdsUrl}/xrpc/com.atproto.server.getSession`, auth: 'DPoP', dpop: true })
      // …and the refresh the client then tried was refused too: nothing came back to life.
      expect(test.net.count('/oauth/token')).toBe(1)
      expect(await tokens(reader.did)).toMatchObject({ live: 0 })
    } finally {
      await test.deleteSessionRow(reader.did)
    }
  })
})
