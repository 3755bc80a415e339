import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { readStoredDpopKeys, type StoredDpopKey } from './harness/extension-db.ts'
import { completeSignIn, startSignIn } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// A DPoP key is the proof that a token is Tendril's: whoever can read its private half can use the
// reader's tokens from anywhere. The extension generates it as a non-extractable WebCrypto key and
// IndexedDB keeps the CryptoKey object itself, so the private key never exists as bytes. Checked on
// the keys the running extension generated and stored during a real sign-in, never on one the test
// made: first while the sign-in waits (oauth-state), then the session's (oauth-session).
describe('the DPoP keys the running extension stores', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  let tendril: Tendril
  let page: Page
  let authPage: Page
  let requestKey: StoredDpopKey | undefined

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
  })
  afterAll(async () => {
    // Leave no live session at the PDS, whatever happened above (other files count live tokens).
    await tendril?.send({ type: 'auth.signOut', did: reader.did }).catch(() => undefined)
    await tendril?.close()
  })

  /** A non-extractable ECDSA P-256 private key, its exportable public half, and nothing else. */
  function expectNonExtractablePair(stored: StoredDpopKey) {
    expect(stored.kind).toBe('webcrypto')
    expect(stored.privateKey).toEqual({
      isCryptoKey: true,
      type: 'private',
      extractable: false,
      algorithm: { name: 'ECDSA', namedCurve: 'P-256' },
      usages: ['sign'],
    })
    expect(stored.privateExport).toBe('refused')
    expect(stored.publicKey).toEqual({
      isCryptoKey: true,
      type: 'public',
      extractable: true,
      algorithm: { name: 'ECDSA', namedCurve: 'P-256' },
      usages: ['verify'],
    })
    expect(stored.pairMatches).toBe(true)
  }

  it('while a sign-in waits, its authorization request’s key is a non-extractable CryptoKey', async () => {
    ;({ authPage } = await startSignIn(tendril, page, reader.handle))
    const waiting = await readStoredDpopKeys(tendril, 'oauth-state')
    expect(waiting).toHaveLength(1)
    requestKey = waiting[0]!
    expectNonExtractablePair(requestKey)
  })

  it('once signed in, the session’s key is that same pair, still non-extractable; the request is gone', async () => {
    expect(requestKey, 'the previous test saw the waiting request').toBeDefined()
    await completeSignIn(tendril, authPage, { handle: reader.handle, password: reader.password })
    expect((await tendril.send({ type: 'auth.state' })).ok).toBe(true)

    const sessions = await readStoredDpopKeys(tendril, 'oauth-session')
    expect(sessions.map((s) => s.key)).toEqual([reader.did])
    expectNonExtractablePair(sessions[0]!)
    // The tokens were bound to the key generated for the request: the session keeps exactly it.
    expect(sessions[0]!.publicJwk).toEqual(requestKey!.publicJwk)
    expect(await readStoredDpopKeys(tendril, 'oauth-state')).toEqual([])
  })

  it('signing out deletes the session’s key from IndexedDB', async () => {
    const reply = await tendril.send({ type: 'auth.signOut', did: reader.did })
    expect(reply.ok).toBe(true)
    expect(await readStoredDpopKeys(tendril, 'oauth-session')).toEqual([])
  })
})
