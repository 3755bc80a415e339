import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { launchTendril, type Tendril } from './harness/tendril.ts'

// The reader revokes Tendril from their account's own settings (elsewhere): the popup then shows
// the account signed out, with the reason, and keeps it listed so nothing stored for it is lost.
describe('a session revoked elsewhere', () => {
  const sandbox = useSandbox()
  const cleo = sandbox.seed.writers[2]!
  let tendril: Tendril
  let page: Page

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    await signInThroughPopup(tendril, page, cleo)
  })
  afterAll(async () => {
    await tendril?.close()
  })

  it('shows signed-out with the reason, and signing in again works', async () => {
    expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(cleo.did)}`)).live).toBeGreaterThan(0)
    const { revoked } = await control<{ revoked: number }>('POST', `/pds/revoke-oauth-tokens?did=${encodeURIComponent(cleo.did)}`)
    expect(revoked).toBeGreaterThan(0)

    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-out-reason"]', { timeout: 20_000 })
    expect(await popup.$eval('[data-testid="signed-out-reason"]', (el) => el.textContent)).toBe(
      `@${cleo.handle} is signed out. Your account’s server ended this session (it was revoked elsewhere or has expired). Sign in again to continue.`,
    )
    expect(await popup.$('[data-testid="sign-in-form"]')).not.toBeNull()
    await popup.close()

    await signInThroughPopup(tendril, page, cleo)
    const again = await tendril.openPopup(page)
    await again.waitForFunction(() => document.querySelector('[data-testid="account-confirmation"]')?.textContent?.startsWith('Connected to'))
    await again.click('[data-testid="sign-out"]')
    await again.waitForSelector('[data-testid="signed-out"]')
    expect((await control<{ live: number }>('GET', `/pds/oauth-tokens?did=${encodeURIComponent(cleo.did)}`)).live).toBe(0)
  })
})
