import type { Page } from 'puppeteer-core'
import { eventually, type Tendril } from './tendril.ts'

// A person signing in: the real toolbar popup, the handle typed into it, then the PDS's own
// sign-in and consent pages in the tab the worker opens. Nothing here talks to the worker directly.

export interface SignInOptions {
  handle: string
  password: string
  /** What the person does on the consent page. */
  consent?: 'authorize' | 'deny'
}

/** Opens the popup over `over`, types the handle, and returns the PDS's authorization page. */
export async function startSignIn(tendril: Tendril, over: Page, handle: string): Promise<{ popup: Page; authPage: Page }> {
  const popup = await tendril.openPopup(over)
  await popup.type('[data-testid="sign-in-input"]', handle)
  const authTarget = tendril.browser.waitForTarget((t) => t.url().includes('/oauth/authorize'), { timeout: 20_000 })
  await popup.click('[data-testid="sign-in-button"]')
  const authPage = (await (await authTarget).asPage())!
  // The page object can exist a moment before it reports its URL.
  await eventually(async () => (authPage.url().includes('/oauth/authorize') ? true : undefined), 'the sign-in page to load')
  return { popup, authPage }
}

/** Fills the PDS's password form and answers its consent page; resolves once the worker has
 * caught the redirect (it closes the tab) and finished the sign-in, successfully or not. */
export async function completeSignIn(tendril: Tendril, authPage: Page, options: SignInOptions): Promise<void> {
  await authPage.bringToFront()
  const password = await authPage.waitForSelector('input[type="password"]', { timeout: 20_000 })
  await password!.type(options.password)
  await authPage.keyboard.press('Enter')
  const label = options.consent === 'deny' ? /deny/i : /authorize|accept|allow/i
  const button = await authPage.waitForFunction(
    (source: string) => {
      const re = new RegExp(source, 'i')
      return [...document.querySelectorAll('button')].find((b) => re.test(b.textContent ?? '') && !b.disabled)
    },
    { timeout: 20_000 },
    label.source,
  )
  const closed = new Promise<void>((resolve) => authPage.once('close', () => resolve()))
  await (button as unknown as { click(): Promise<void> }).click()
  await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the sign-in tab did not close')), 20_000))])
  // The tab closes as soon as the redirect is caught; the token exchange follows in the worker.
  await eventually(async () => {
    const reply = await tendril.send({ type: 'auth.state' })
    return reply.ok && reply.value.signIn?.status !== 'waiting' ? true : undefined
  }, 'the worker to finish the sign-in')
}

/** The whole sign-in as a person does it; returns once the worker has finished it. */
export async function signInThroughPopup(tendril: Tendril, over: Page, options: SignInOptions): Promise<void> {
  const { authPage } = await startSignIn(tendril, over, options.handle)
  await completeSignIn(tendril, authPage, options)
}
