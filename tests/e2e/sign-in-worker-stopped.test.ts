import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'puppeteer-core'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { completeSignIn, startSignIn } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// Chrome stops an idle worker after ~30 s, and a person can take longer than that on their PDS's
// sign-in page. The sign-in must still finish in a worker woken by the redirect.
describe('a sign-in that outlives the worker', () => {
  const sandbox = useSandbox()
  const basil = sandbox.seed.writers[1]!
  let tendril: Tendril
  let page: Page

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
  })
  afterAll(async () => {
    await tendril?.close()
  })

  it('finishes in the woken worker after the worker was stopped mid-flow', async () => {
    const { authPage } = await startSignIn(tendril, page, basil.handle)
    await tendril.stopWorker()
    await completeSignIn(tendril, authPage, basil)

    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    expect(await popup.$eval('[data-testid="account-handle"]', (el) => el.textContent)).toBe(`@${basil.handle}`)
    await popup.waitForFunction(() => document.querySelector('[data-testid="account-confirmation"]')?.textContent?.startsWith('Connected to'))
    await popup.click('[data-testid="sign-out"]')
    await popup.waitForSelector('[data-testid="signed-out"]')
    expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(basil.did)}`)).live).toBe(0)
  })
})
