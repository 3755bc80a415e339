import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { clearBookmarks, listBookmarks } from '../setup/repo.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { clickLikeAPerson, controlFor, inShadow, TOAST } from './harness/shell.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

// A click on a bud's bookmark button while nobody is signed in: nothing can be decided yet (the
// decision reads the account's bookmarks), so the click is kept as an intent, Tendril's own sign-in
// opens (a page can never start one), and once the reader signs in the bookmark is made for that
// account.
describe('bookmarking while signed out', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  const bud = sandbox.seed.buds.siblings[0]
  let tendril: Tendril

  beforeAll(async () => {
    await clearBookmarks(sandbox.pdsUrl, reader)
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
  })
  afterAll(async () => {
    await tendril?.send({ type: 'auth.signOut', did: reader.did, discardWrites: true }).catch(() => undefined)
    await tendril?.close()
    await clearBookmarks(sandbox.pdsUrl, reader).catch(() => undefined)
  })

  it('keeps the click, opens Tendril’s sign-in, and bookmarks for the account that signs in', async () => {
    const page = await tendril.openPage(budPageUrl(bud)!)
    const signInOpened = tendril.browser.waitForTarget((t) => t.url() === `chrome-extension://${tendril.extensionId}/popup.html`, { timeout: 15_000 })
    await clickLikeAPerson(page, await controlFor(page, bud))
    const toast = await page.waitForSelector(TOAST)
    expect(await eventually(async () => (await inShadow<string>(page, toast!, '.text', '(el) => el.textContent')) || undefined, 'the toast')).toBe(
      'Sign in to Tendril to save this bookmark. It will be saved as soon as you do.',
    )
    // Tendril's own sign-in opened (the popup, here as a tab), and it says where the kept click goes.
    const signIn = (await (await signInOpened).asPage())!
    await signIn.waitForSelector('[data-testid="write-status"]')
    expect(await signIn.$eval('[data-testid="write-status"]', (el) => el.textContent)).toBe('Kept until you sign in: it will be saved to the account you sign in with.')
    await signIn.close()
    expect(await listBookmarks(sandbox.pdsUrl, reader.did)).toEqual([])
    // The kept click is listed as waiting for an account.
    const waiting = await tendril.send({ type: 'writes.list' })
    expect(waiting.ok && waiting.value.map((w) => [w.label, w.status])).toEqual([['Bookmark “' + (await page.evaluate((u) => document.querySelector(`li[data-bud-uri="${u}"] .story-title`)?.textContent, bud)) + '”', 'waiting']])

    await signInThroughPopup(tendril, page, reader)
    const [mark] = await eventually(async () => ((await listBookmarks(sandbox.pdsUrl, reader.did)).length ? listBookmarks(sandbox.pdsUrl, reader.did) : undefined), 'the bookmark at the PDS')
    expect(mark!.subject.uri).toBe(bud)
    const after = await tendril.send({ type: 'writes.list' })
    expect(after.ok && after.value).toEqual([])
  })
})
