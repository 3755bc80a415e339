import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { completeSignIn } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// Two accounts side by side, switched in the popup, and both still there after the browser is
// closed and opened again (sessions restored from IndexedDB, no new sign-in).
describe('several accounts, across a browser restart', () => {
  const sandbox = useSandbox()
  const [reader, ada] = [sandbox.seed.reader, sandbox.seed.writers[0]!]
  const profileDir = mkdtempSync(join(tmpdir(), 'tendril-profile-'))
  let tendril: Tendril
  let page: Page

  const launch = async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox, profileDir })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
  }
  const activeHandle = (popup: Page) => popup.$eval('[data-testid="account-handle"]', (el) => el.textContent)
  const confirmed = (popup: Page) =>
    popup.waitForFunction(() => document.querySelector('[data-testid="account-confirmation"]')?.textContent?.startsWith('Connected to'))

  async function signInFromPopup(popup: Page, account: { handle: string; password: string }) {
    await popup.type('[data-testid="sign-in-input"]', account.handle)
    const authTarget = tendril.browser.waitForTarget((t) => t.url().includes('/oauth/authorize'))
    await popup.click('[data-testid="sign-in-button"]')
    await completeSignIn(tendril, (await (await authTarget).asPage())!, account)
  }

  beforeAll(launch)
  afterAll(async () => {
    // Sign both accounts out through the popup so no live token outlives the test.
    for (let i = 0; i < 2; i++) {
      const popup = await tendril.openPopup(page).catch(() => undefined)
      if (!popup || !(await popup.$('[data-testid="sign-out"]'))) break
      await popup.click('[data-testid="sign-out"]')
      await popup.waitForFunction(() => !document.querySelector('[data-testid="sign-out"]:disabled'))
      await popup.close().catch(() => undefined)
    }
    await tendril?.close()
    rmSync(profileDir, { recursive: true, force: true })
  })

  it('adds a second account and switches between them in the popup', async () => {
    await signInFromPopup(await tendril.openPopup(page), reader)
    let popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    expect(await activeHandle(popup)).toBe(`@${reader.handle}`)

    await popup.click('[data-testid="add-account"]')
    await popup.waitForSelector('[data-testid="sign-in-input"]')
    await signInFromPopup(popup, ada)

    popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    expect(await activeHandle(popup)).toBe(`@${ada.handle}`)
    await confirmed(popup)
    await popup.select('[data-testid="switch-account"]', reader.did)
    await popup.waitForFunction((h: string) => document.querySelector('[data-testid="account-handle"]')?.textContent === h, {}, `@${reader.handle}`)
    await confirmed(popup)
    await popup.close()
  })

  it('after the browser restarts, both accounts are still signed in without a new sign-in', async () => {
    await tendril.close()
    await launch()
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    expect(await activeHandle(popup)).toBe(`@${reader.handle}`)
    await confirmed(popup)
    const options = await popup.$$eval('[data-testid="switch-account"] option', (els) => els.map((el) => el.textContent))
    expect(options).toEqual([`@${reader.handle}`, `@${ada.handle}`])
    await popup.close()
    // Both sessions are still live at the PDS: nothing was lost by the restart.
    for (const account of [reader, ada]) {
      expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(account.did)}`)).live).toBeGreaterThan(0)
    }
  })
})
