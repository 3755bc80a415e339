import type { ElementHandle, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { clearBookmarks, listBookmarks } from '../setup/repo.ts'
import { clickLikeAPerson, contrast, CONTROL, controlFor, focusInShadow, inShadow, lookOf, TOAST, toastText } from './harness/shell.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

declare const chrome: { tabs: { setZoom(tabId: number, factor: number): Promise<void> }; action: { getBadgeText(d: { tabId: number }): Promise<string> } }

// The in-page shell with its first control, the bookmark button beside each bud of a real
// Branchline page (the sandbox's single-page app), in real Chromium, writing to the sandbox PDS.
describe('bookmark controls on a Branchline page', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  const { demo, siblings, cousins } = sandbox.seed.buds
  const storyB = sandbox.seed.stories[1]!.root
  let tendril: Tendril
  let page: Page

  const bookmarks = () => listBookmarks(sandbox.pdsUrl, reader.did)
  const controlCount = () => page.$$eval(CONTROL, (els) => els.length)
  const budCount = () => page.$$eval('li[data-bud-uri]', (els) => els.length)
  /** In-app navigation, as a reader clicking a link in the site would cause. */
  const navigate = async (uri: string) => {
    await page.evaluate((url) => (window as unknown as { __sandboxNavigate(u: string): void }).__sandboxNavigate(url), budPageUrl(uri)!)
    await controlFor(page, uri)
  }
  /** The site re-renders: new elements, same content (without Tendril's hosts, which are not the site's). */
  const rerender = () =>
    page.evaluate(() => {
      const app = document.getElementById('app')!
      const copy = app.cloneNode(true) as HTMLElement
      copy.querySelectorAll('tendril-ui').forEach((el) => el.remove())
      app.innerHTML = copy.innerHTML
    })

  beforeAll(async () => {
    await clearBookmarks(sandbox.pdsUrl, reader)
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(demo)!)
    await signInThroughPopup(tendril, page, reader)
    await page.bringToFront()
    // The controls were drawn signed out; they are asked for again when the tab is shown.
    await page.reload({ waitUntil: 'domcontentloaded' })
  })
  afterAll(async () => {
    await tendril?.send({ type: 'auth.signOut', did: reader.did, discardWrites: true }).catch(() => undefined)
    await tendril?.close()
    await clearBookmarks(sandbox.pdsUrl, reader).catch(() => undefined)
  })

  it('draws one control beside each bud of the path, in a closed shadow root the page cannot open', async () => {
    await controlFor(page, demo)
    await eventually(async () => ((await controlCount()) === (await budCount()) ? true : undefined), 'a control beside every bud')
    expect(await budCount()).toBe(7)
    expect(await page.$$eval(CONTROL, (els) => els.map((el) => el.shadowRoot === null && el.parentElement?.matches('li[data-bud-uri]')))).toEqual(Array(7).fill(true))
    const look = await lookOf(page, await controlFor(page, demo))
    expect(look).toMatchObject({ text: '☆ Bookmark', pressed: 'false' })
  })

  it('a click or key press the page makes up (untrusted events) writes nothing', async () => {
    await page.evaluate((sel) => {
      for (const host of document.querySelectorAll<HTMLElement>(sel)) {
        host.click()
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }))
        host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }))
      }
    }, CONTROL)
    await new Promise((r) => setTimeout(r, 1_500))
    expect(await bookmarks()).toEqual([])
    expect((await lookOf(page, await controlFor(page, demo))).pressed).toBe('false')
  })

  it('a person’s click bookmarks the bud: one record at the PDS, the control pressed, a toast says so', async () => {
    await clickLikeAPerson(page, await controlFor(page, demo))
    const [mark] = await eventually(async () => ((await bookmarks()).length === 1 ? bookmarks() : undefined), 'the bookmark at the PDS')
    expect(mark!.subject.uri).toBe(demo)
    expect(await toastText(page)).toBe('Bookmarked.')
    await eventually(async () => ((await lookOf(page, await controlFor(page, demo))).pressed === 'true' ? true : undefined), 'the control to show it pressed')
    // The toolbar button says so too (lib/badge/badge-rule.ts: this bud's bookmark state).
    const tabId = await tendril.tabIdOf(page)
    const ext = await tendril.browser.newPage()
    await ext.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    await eventually(async () => ((await ext.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)) === '★' ? true : undefined), 'the ★ badge')
    await ext.close()
    await page.bringToFront()
  })

  it('survives in-app navigation; on a descendant’s page Enter on its control moves the thread’s bookmark there (same rkey)', async () => {
    const [before] = await bookmarks()
    await navigate(cousins[0])
    expect(await budCount()).toBe(8)
    await eventually(async () => ((await controlCount()) === 8 ? true : undefined), 'controls for the new path')
    const host = await controlFor(page, cousins[0])
    await eventually(async () => ((await lookOf(page, host)).text.includes('Move bookmark here') ? true : undefined), 'the “move here” state')
    expect((await lookOf(page, host)).text).toContain('(now at bud 7)')
    await page.bringToFront()
    await host.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await new Promise((r) => setTimeout(r, 800))
    await focusInShadow(page, host, 'button')
    await page.keyboard.press('Enter')
    await eventually(async () => ((await bookmarks())[0]?.subject.uri === cousins[0] ? true : undefined), 'the bookmark moved')
    const after = await bookmarks()
    expect(after).toHaveLength(1)
    expect(after[0]!.rkey).toBe(before!.rkey)
    expect(await toastText(page)).toBe('Bookmark moved here from bud 7.')
  })

  it('a sibling’s control creates a second bookmark, and the toast’s Undo removes it again', async () => {
    await navigate(siblings[1])
    await clickLikeAPerson(page, await controlFor(page, siblings[1]))
    await eventually(async () => ((await bookmarks()).length === 2 ? true : undefined), 'a second bookmark')
    expect(await toastText(page)).toBe('Bookmarked.')
    const toast = (await page.$(TOAST))!
    const box = await inShadow<{ x: number; y: number }>(page, toast, '.action', '(el) => { const r = el.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 } }')
    await new Promise((r) => setTimeout(r, 800))
    await page.mouse.click(box.x, box.y)
    await eventually(async () => ((await bookmarks()).length === 1 ? true : undefined), 'the undo to remove it')
    expect((await bookmarks())[0]!.subject.uri).toBe(cousins[0])
  })

  it('a double click is one write: the bud is bookmarked once, not bookmarked and then removed', async () => {
    await navigate(storyB)
    const host = await controlFor(page, storyB)
    await page.bringToFront()
    await host.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await new Promise((r) => setTimeout(r, 800))
    const box = (await host.boundingBox())!
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2]
    // A double click's first click, then — after the first write was decided and the control shows
    // it (a slow double click, as people make) — its second click (detail 2).
    await page.mouse.click(x, y)
    await eventually(async () => ((await lookOf(page, host)).pressed === 'true' ? true : undefined), 'the control pressed')
    const cdp = await page.createCDPSession()
    for (const type of ['mousePressed', 'mouseReleased'] as const) await cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', clickCount: 2 })
    await cdp.detach()
    await new Promise((r) => setTimeout(r, 1_500))
    expect((await bookmarks()).filter((b) => b.subject.uri === storyB)).toHaveLength(1)
    expect((await lookOf(page, host)).pressed).toBe('true')
  })

  it('a re-render by the site draws the controls again; leaving the bud pages removes them all', async () => {
    await rerender()
    await eventually(async () => ((await controlCount()) === (await budCount()) && (await budCount()) > 0 ? true : undefined), 'controls after a re-render')
    expect(await page.$$eval(`li[data-bud-uri] > ${CONTROL} + ${CONTROL}`, (els) => els.length)).toBe(0)
    await page.evaluate(() => (window as unknown as { __sandboxNavigate(u: string): void }).__sandboxNavigate('/'))
    await eventually(async () => ((await controlCount()) === 0 ? true : undefined), 'no control left on the home page')
  })

  it('at 200 % zoom the text fits and has at least 4.5:1 contrast, on a light and on a dark page', async () => {
    await navigate(demo)
    const tabId = await tendril.tabIdOf(page)
    const ext = await tendril.browser.newPage()
    await ext.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    await ext.evaluate((id) => chrome.tabs.setZoom(id, 2), tabId)
    await ext.close()
    await page.bringToFront()
    const check = async () => {
      const looks = await Promise.all((await page.$$(CONTROL)).map((h: ElementHandle) => lookOf(page, h)))
      expect(looks.length).toBeGreaterThan(0)
      for (const look of looks) {
        expect(look.clipped).toBe(false)
        expect(contrast(look.color, look.background)).toBeGreaterThanOrEqual(4.5)
      }
      return looks
    }
    expect(await page.evaluate(() => window.devicePixelRatio)).toBeGreaterThanOrEqual(2)
    const light = await check()
    await page.evaluate(() => {
      document.documentElement.style.background = '#0d1117'
      document.body.style.background = '#0d1117'
      document.body.style.color = '#e6edf3'
    })
    await rerender()
    await eventually(async () => ((await controlCount()) === (await budCount()) ? true : undefined), 'controls on the dark page')
    const dark = await check()
    expect(dark[0]!.background).not.toBe(light[0]!.background)
  })
})
