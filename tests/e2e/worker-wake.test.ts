import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import type { RecordedRequest } from '../sandbox/request-log.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { storedDpopNonces } from './harness/extension-db.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// Chromium stops an idle worker after 30 s, and the next signed request pays for the wake. The
// worker keeps the last DPoP nonce each server sent in IndexedDB (lib/atproto/oauth/stores.ts), so
// that request goes out once, with a nonce the PDS accepts, instead of being refused with
// `use_dpop_nonce` and sent again. The sandbox's request log shows each answer's status and
// whether it was a nonce challenge.
describe('the first signed request after the worker was stopped', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  let tendril: Tendril
  let page: Page

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    await signInThroughPopup(tendril, page, reader)
  })
  afterAll(async () => {
    // Sign out, so the reader's tokens at the PDS are not left live for the tests that count them.
    await tendril?.send({ type: 'auth.signOut', did: reader.did }).catch(() => undefined)
    await tendril?.close()
  })

  /** Stops the worker, sends auth.confirm (restore the session + com.atproto.server.getSession)
   * and returns the getSession requests the PDS received for it. */
  async function confirmAfterStop(): Promise<RecordedRequest[]> {
    await tendril.stopWorker()
    const { next } = await control<{ next: number }>('GET', '/requests?since=0')
    const reply = await tendril.send({ type: 'auth.confirm' })
    expect(reply).toMatchObject({ ok: true, value: { did: reader.did } })
    const { requests } = await control<{ requests: RecordedRequest[] }>('GET', `/requests?since=${next}`)
    return requests.filter((r) => r.service === 'pds' && r.path.startsWith('/xrpc/com.atproto.server.getSession'))
  }

  /** 304 is an answer too: Chromium revalidates its cached getSession by the PDS's ETag. (Keeping
   * it out of the cache with `cache: 'no-store'` would also skip the CORS preflight cache: one
   * more round trip on every request.) */
  const answer = (r: RecordedRequest) =>
    r.nonceChallenge ? 'nonce challenge' : r.status === 200 || r.status === 304 ? 'answered' : `HTTP ${r.status}`

  it('goes out once, without a nonce retry, once a nonce is known', async () => {
    expect(await tendril.send({ type: 'auth.confirm' })).toMatchObject({ ok: true })
    expect(await storedDpopNonces(tendril)).toContain(new URL(sandbox.pdsUrl).origin)

    const calls = await confirmAfterStop()
    expect(calls.map(answer)).toEqual(['answered'])
  })

  it('with no nonce stored, the same request is challenged and sent twice (what the stored nonce saves)', async () => {
    await storedDpopNonces(tendril, { forget: true })
    const calls = await confirmAfterStop()
    expect(calls.map(answer)).toEqual(['nonce challenge', 'answered'])
  })
})
