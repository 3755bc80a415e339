import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { readStoredDpopKeys } from './harness/extension-db.ts'
import { completeSignIn, startSignIn } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'
import { inject } from 'vitest'

// Signing in as a person does: the real toolbar popup, the PDS's own sign-in and consent pages,
// then the popup again — after the worker has been stopped, as Chrome does when it idles.
describe('signing in with atproto OAuth', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  let tendril: Tendril
  let page: Page

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
  })
  afterAll(async () => {
    await tendril?.close()
  })

  const text = (p: Page, testId: string) => p.$eval(`[data-testid="${testId}"]`, (el) => el.textContent ?? '')

  it('an unknown handle gets its own message, before any sign-in page opens', async () => {
    const popup = await tendril.openPopup(page)
    await popup.type('[data-testid="sign-in-input"]', 'nobody.test')
    await popup.click('[data-testid="sign-in-button"]')
    await popup.waitForSelector('[data-testid="auth-error"]')
    expect(await text(popup, 'auth-error')).toBe('No account was found for the handle @nobody.test. Check the spelling and try again.')
    expect(await popup.$('[data-testid="sign-in-form"]')).not.toBeNull()
    await popup.close()
  })

  it('a person signs in from the real popup; the popup closes when the sign-in tab takes focus', async () => {
    const { popup, authPage } = await startSignIn(tendril, page, `  @${reader.handle.toUpperCase()} `)
    await eventually(async () => (popup.isClosed() ? true : undefined), 'the popup to close')
    expect(new URL(authPage.url()).origin).toBe(sandbox.pdsUrl)
    await completeSignIn(tendril, authPage, { handle: reader.handle, password: reader.password })

    const after = await tendril.openPopup(page)
    await after.waitForSelector('[data-testid="signed-in"]')
    expect(await text(after, 'account-handle')).toBe(`@${reader.handle}`)
    expect(await text(after, 'account-did')).toBe(reader.did)
    await after.waitForFunction(() => document.querySelector('[data-testid="account-confirmation"]')?.textContent?.startsWith('Connected to'))
    expect(await after.evaluate(() => document.body.innerText)).not.toMatch(/@undefined|\[object Object\]/)
    await after.close()
  })

  it('after the worker is stopped, the popup shows the account confirmed by the PDS', async () => {
    await tendril.stopWorker()
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    // "Connected to …" appears only once the worker has restored the session from IndexedDB and
    // com.atproto.server.getSession has answered for it.
    await popup.waitForFunction(
      (host: string) => document.querySelector('[data-testid="account-confirmation"]')?.textContent === `Connected to ${host}.`,
      {},
      new URL(sandbox.pdsUrl).host,
    )
    await popup.close()
  })

  it('signing out leaves the popup signed out and no live token at the PDS', async () => {
    expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(reader.did)}`)).live).toBeGreaterThan(0)
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="sign-out"]')
    await popup.click('[data-testid="sign-out"]')
    await popup.waitForSelector('[data-testid="signed-out"]')
    await popup.close()
    expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(reader.did)}`)).live).toBe(0)
    const again = await tendril.openPopup(page)
    await again.waitForSelector('[data-testid="sign-in-form"]')
    await again.close()
  })

  it('denying consent is reported in the popup, and Tendril stays signed out and usable', async () => {
    const { authPage } = await startSignIn(tendril, page, reader.handle)
    await completeSignIn(tendril, authPage, { handle: reader.handle, password: reader.password, consent: 'deny' })
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="sign-in-failed"]')
    expect(await text(popup, 'sign-in-failed')).toContain('You declined to let Tendril use your account.')
    expect(await popup.$('[data-testid="sign-in-form"]')).not.toBeNull()
    await popup.close()
  })

  it('closing the sign-in window is reported in the popup', async () => {
    const { authPage } = await startSignIn(tendril, page, reader.handle)
    await authPage.close()
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="sign-in-failed"]')
    expect(await text(popup, 'sign-in-failed')).toContain('The sign-in window was closed before you finished.')
    await popup.close()
  })

  it('a waiting sign-in is cancelled from the popup: its tab closes and its stored request and key are deleted', async () => {
    // The stored authorization requests, read from the running extension's own IndexedDB.
    const requests = async () => (await readStoredDpopKeys(tendril, 'oauth-state')).length
    const { authPage } = await startSignIn(tendril, page, reader.handle)
    expect(await requests()).toBe(1)
    const closed = new Promise<void>((resolve) => authPage.once('close', () => resolve()))
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="sign-in-waiting"]')
    await popup.click('[data-testid="sign-in-cancel"]')
    await closed
    await popup.waitForFunction(() => !document.querySelector('[data-testid="sign-in-waiting"]'))
    expect(await popup.$('[data-testid="sign-in-failed"]')).toBeNull()
    expect(await popup.$('[data-testid="sign-in-form"]')).not.toBeNull()
    await popup.close()
    expect(await requests()).toBe(0)
    expect(await tendril.send({ type: 'auth.state' })).toMatchObject({ ok: true, value: { signIn: null } })
  })
})
