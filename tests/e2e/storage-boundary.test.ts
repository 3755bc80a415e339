import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { evaluateInContentScript } from './harness/content-world.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

// What a content script can reach, tried from Tendril's own content-script world on a Branchline
// page (a content script runs inside a page Tendril does not control). Accounts and the reader's
// consents live in the worker's IndexedDB, so storage.local holds none of them, and writing the keys
// Tendril 0.1 used there changes nothing the worker does or the options page shows.
describe('storage a content script can reach', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  let tendril: Tendril
  let page: Page

  // The options page's "Always" choice for automatic backlinks (components/AutoBacklinkChoice.tsx).
  const optionsAlways = async () => {
    const options = await tendril.browser.newPage()
    await options.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    const box = await options.waitForSelector('[data-testid="auto-backlink-always"]:not([disabled])')
    return { options, box: box! }
  }
  const checked = async () => {
    const { options, box } = await optionsAlways()
    const value = await box.evaluate((el) => (el as HTMLInputElement).checked)
    await options.close()
    return value
  }
  const inContentScript = <T>(expression: string) => evaluateInContentScript<T>(page, tendril.extensionId, expression)

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    await signInThroughPopup(tendril, page, { handle: reader.handle, password: reader.password })
    // The reader chooses Always for automatic backlinks in the options page.
    const { options, box } = await optionsAlways()
    await box.click()
    await options.waitForFunction(() => (document.querySelector('[data-testid="auto-backlink-always"]') as HTMLInputElement).checked)
    await options.close()
  })
  afterAll(async () => {
    const popup = await tendril.openPopup(page).catch(() => undefined)
    if (popup && (await popup.$('[data-testid="sign-out"]'))) {
      await popup.click('[data-testid="sign-out"]')
      await popup.waitForSelector('[data-testid="signed-out"]')
    }
    await tendril?.close()
  })

  it('storage.local, read from the content script’s world, holds no account data and no setting', async () => {
    const local = await inContentScript<Record<string, unknown>>('chrome.storage.local.get(null)')
    const text = JSON.stringify(local)
    for (const secret of [reader.did, reader.handle, sandbox.pdsUrl, 'autoBacklink', 'accounts', 'signedIn']) {
      expect(text, `storage.local mentions ${secret}`).not.toContain(secret)
    }
  })

  it('storage.session (the waiting sign-in, what each tab shows) is out of the content script’s reach', async () => {
    const outcome = await inContentScript<string>(
      `(async () => { try { return 'read: ' + JSON.stringify(await chrome.storage.session.get(null)) } catch (e) { return 'refused: ' + e.message } })()`,
    )
    expect(outcome).toMatch(/^refused: /)
  })

  it('writing Tendril 0.1’s keys from the content script changes nothing the worker does or the options page shows', async () => {
    const before = await tendril.send({ type: 'auth.state' })
    expect(before).toMatchObject({ ok: true, value: { activeDid: reader.did } })

    const planted = await inContentScript<Record<string, unknown>>(`(async () => {
      await chrome.storage.local.set({
        accounts: { accounts: [{ did: 'did:plc:attacker', handle: 'attacker.test', signedIn: true }], activeDid: 'did:plc:attacker' },
        'accounts$': { v: 1 },
        'settings.autoBacklink': false,
        'settings.autoBacklink$': { v: 1 },
      })
      return chrome.storage.local.get(null)
    })()`)
    // The write really happened: the attack reached storage.local.
    expect(planted).toMatchObject({ 'settings.autoBacklink': false, accounts: { activeDid: 'did:plc:attacker' } })

    // A worker that starts afresh reads storage.local's old keys only on its first start ever.
    await tendril.stopWorker()
    expect(await tendril.send({ type: 'auth.state' })).toEqual(before)
    expect(await tendril.send({ type: 'settings.get' })).toEqual({ ok: true, value: { autoBacklink: true, autoBacklinkChosen: true } })
    expect(await checked()).toBe(true)
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    expect(await popup.$eval('[data-testid="account-did"]', (el) => el.textContent)).toBe(reader.did)
    expect(await popup.evaluate(() => document.body.innerText)).not.toContain('attacker')
    await popup.close()
  })

  it('a content script cannot ask the worker for settings or change them', async () => {
    const replies = await inContentScript<unknown[]>(`Promise.all([
      chrome.runtime.sendMessage({ type: 'settings.get' }),
      chrome.runtime.sendMessage({ type: 'settings.set', autoBacklink: false }),
      chrome.runtime.sendMessage({ type: 'auth.state' }),
    ])`)
    for (const reply of replies) expect(reply).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    await eventually(async () => ((await checked()) === true ? true : undefined), 'the setting to still be on')
  })
})
