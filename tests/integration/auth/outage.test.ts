// A dead PDS must cost the reader nothing: a session whose access token has to be refreshed while
// the PDS is down stays stored and signed in, and works again once the PDS is back.
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader

afterEach(disposeTestClients)

describe('the PDS goes down', () => {
  it('a refresh that cannot reach the PDS keeps the session; it works once the PDS is back', async () => {
    const sessions = await signedIn(reader)
    const { test, service } = sessions
    // Make the stored access token look expired, so the next use must refresh it.
    const row = (await test.readSessionRow(reader.did))!
    ;(row.value as { tokenSet: { expires_at?: string } }).tokenSet.expires_at = new Date(Date.now() - 60_000).toISOString()
    await test.writeSessionRow(reader.did, row)

    await control('POST', '/pds/stop')
    try {
      await expect(service.restore(reader.did)).rejects.toMatchObject({ code: 'PdsUnreachable' })
      expect(await test.readSessionRow(reader.did), 'the stored session survived the outage').toBeDefined()
      expect((await sessions.accounts.read()).accounts[0]).toMatchObject({ did: reader.did, signedIn: true })
    } finally {
      await control('POST', '/pds/start')
    }

    const agent = await sessions.pds.clientFor(reader.did)
    const { data } = await agent.com.atproto.server.getSession()
    expect(data.did).toBe(reader.did)
  })
})
