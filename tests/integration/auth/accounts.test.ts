// Two accounts side by side in one worker: the reader and a writer (ada.test), each with its own
// session and DPoP key; switching the active one; signing one out leaves the other working.
import { afterEach, describe, expect, it } from 'vitest'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from './client.ts'
import { bookmarkOfSeededBud, writeAndRemoveBookmark } from './records.ts'
import { signedIn } from './sessions.ts'

const sb = useSandbox()
const reader = sb.seed.reader
const ada = sb.seed.writers.find((w) => w.handle === 'ada.test')!
const liveTokens = async (did: string) =>
  (await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(did)}`)).live

afterEach(disposeTestClients)

describe('two accounts signed in', () => {
  it('keep independent sessions; switching and signing one out leave the other usable', async () => {
    const sessions = await signedIn(reader)
    await signedIn(ada, sessions)
    const { service, accounts, pds, test } = sessions

    // The account store lists both, the newest sign-in active.
    let state = await accounts.read()
    expect(state.accounts.map((a) => [a.did, a.handle, a.signedIn])).toEqual([
      [reader.did, 'reader.test', true],
      [ada.did, 'ada.test', true],
    ])
    expect(state.activeDid).toBe(ada.did)

    // Two sessions, two token sets, two DPoP keys.
    const [readerStored, adaStored] = [await test.storedSession(reader.did), await test.storedSession(ada.did)]
    expect(readerStored?.tokenSet.sub).toBe(reader.did)
    expect(adaStored?.tokenSet.sub).toBe(ada.did)
    expect(readerStored!.tokenSet.access_token).not.toBe(adaStored!.tokenSet.access_token)
    expect(readerStored!.dpopKey.bareJwk).toMatchObject({ kty: 'EC' })
    expect(readerStored!.dpopKey.bareJwk).not.toEqual(adaStored!.dpopKey.bareJwk)

    // Each writes to its own repo; neither session can write to the other's.
    await writeAndRemoveBookmark(await pds.clientFor(reader.did), reader.did)
    await writeAndRemoveBookmark(await pds.clientFor(ada.did), ada.did)
    const crossed = await (await pds.clientFor(reader.did)).com.atproto.repo
      .createRecord({ repo: ada.did, collection: 'ink.branchline.bookmark', record: await bookmarkOfSeededBud() })
      .then(() => 'written', (err: { status?: number }) => err.status)
    expect(crossed).not.toBe('written')
    expect([401, 403]).toContain(crossed)

    // Switching the active account.
    await accounts.activate(reader.did)
    expect((await accounts.read()).activeDid).toBe(reader.did)

    // Signing out the active reader: ada becomes active and keeps working.
    await service.signOut(reader.did)
    state = await accounts.read()
    expect(state.accounts.map((a) => a.did)).toEqual([ada.did])
    expect(state.activeDid).toBe(ada.did)
    expect(await liveTokens(reader.did)).toBe(0)
    expect(await liveTokens(ada.did)).toBeGreaterThanOrEqual(1)
    await expect(service.restore(reader.did)).rejects.toMatchObject({ code: 'Unauthorized' })
    await writeAndRemoveBookmark(await pds.clientFor(ada.did), ada.did)

    await service.signOut(ada.did)
    expect(await accounts.read()).toEqual({ accounts: [], activeDid: null })
    expect(await liveTokens(ada.did)).toBe(0)
  })
})
