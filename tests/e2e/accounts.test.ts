import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { completeSignIn } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// Two accounts side by side, switched in the popup, and both still signed in after the browser is
// closed and opened again: each session restored from IndexedDB and accepted by the PDS, with no
// new sign-in.
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
  /** The popup shows `did` as the active account, confirmed by the PDS ("Connected to <host>."). */
  const confirmedInPopup = (popup: Page, did: string) =>
    popup.waitForFunction(
      (did: string, text: string) => {
        const card = document.querySelector('[data-testid="signed-in"]')
        return card?.getAttribute('data-did') === did && card.querySelector('[data-testid="account-confirmation"]')?.textContent === text
      },
      { timeout: 20_000 },
      did,
      `Connected to ${new URL(sandbox.pdsUrl).host}.`,
    )

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
    await confirmedInPopup(popup, ada.did)
    await popup.select('[data-testid="switch-account"]', reader.did)
    await confirmedInPopup(popup, reader.did)
    expect(await activeHandle(popup)).toBe(`@${reader.handle}`)
    await popup.close()
  })

  it('after the browser restarts, each account is confirmed by its own PDS, without a new sign-in', async () => {
    await tendril.close()
    await launch()
    const state = await tendril.send({ type: 'auth.state' })
    expect(state.ok && state.value.signIn).toBeNull()

    // In the popup, as a person sees it: the active account, then the other one switched to, each
    // shown only once its PDS has answered com.atproto.server.getSession (auth.confirm).
    const popup = await tendril.openPopup(page)
    await confirmedInPopup(popup, reader.did)
    await popup.select('[data-testid="switch-account"]', ada.did)
    await confirmedInPopup(popup, ada.did)
    await popup.close()

    // "Connected to …" names the PDS, which both accounts share here: which account the PDS
    // recognised is in auth.confirm's answer (the DID and handle getSession returned).
    for (const account of [reader, ada]) {
      const switched = await tendril.send({ type: 'auth.switch', did: account.did })
      expect(switched.ok && switched.value.activeDid).toBe(account.did)
      expect(await tendril.send({ type: 'auth.confirm' })).toMatchObject({ ok: true, value: { did: account.did, handle: account.handle } })
    }
  })
})
