import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'puppeteer-core'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { signInThroughPopup } from '../../tests/e2e/harness/sign-in.ts'
import { clickLikeAPerson, CONTROL, inShadow, toastText } from '../../tests/e2e/harness/shell.ts'
import { eventually, type Tendril } from '../../tests/e2e/harness/tendril.ts'
import { listBookmarks } from '../../tests/setup/repo.ts'
import type { SandboxReady } from '../../tests/sandbox/types.ts'

// `npm start --headless`: what a person would do on a first run, in the real browser UI, with a
// screenshot of each thing they would look at. Only the toolbar popup and the pages are used; the
// worker is never called directly.

export interface Shot {
  file: string
  what: string
  bytes: number
}

export interface PageSeen {
  label: string
  url: string
  /** The page's <title>. */
  title: string
  /** What the toolbar popup says about this page (its part below the account). */
  popupSays?: string
}

export interface WalkthroughResult {
  bud: PageSeen & { renderedBuds: number }
  signedOut: { popupSays: string }
  signedIn: { handle: string; did: string; confirmation: string }
  /** The bookmark made with the control beside the demo bud: what the toast said, the record. */
  bookmark: { toast: string; record: string }
  pages: PageSeen[]
  shots: Shot[]
}

export async function walkthrough(
  tendril: Tendril,
  ready: SandboxReady,
  outDir: string,
  progress: (step: string) => void,
): Promise<WalkthroughResult> {
  mkdirSync(outDir, { recursive: true })
  const shots: Shot[] = []
  const save = (file: string, what: string, png: Uint8Array) => {
    const path = join(outDir, file)
    writeFileSync(path, png)
    shots.push({ file, what, bytes: statSync(path).size })
  }
  const { seed } = ready
  const budUrl = budPageUrl(seed.buds.demo)
  if (!budUrl) throw new Error(`the seed's demo bud is not a bud URI: ${seed.buds.demo}`)

  progress('open the demo bud page at branchline.ink')
  const budPage = await tendril.openPage(budUrl)
  await budPage.waitForSelector('[data-bud-uri]', { timeout: 15_000 })
  const renderedBuds = await budPage.$$eval('[data-bud-uri]', (els) => els.length)
  const budPng = await budPage.screenshot({ type: 'png' })
  save('1-bud-page.png', 'the demo bud page at branchline.ink (sandbox)', budPng)

  progress('open the toolbar popup over it (signed out)')
  const first = await tendril.openPopup(budPage)
  await first.waitForSelector('[data-testid="signed-out"]', { timeout: 15_000 })
  await first.waitForSelector('[data-testid="bud-summary"]', { timeout: 15_000 })
  const signedOutSays = await popupPageText(first)
  save('2-popup-signed-out.png', 'the popup over the bud page, signed out', await shootPopup(first))
  await first.close()

  progress(`sign in as ${seed.reader.handle} through the popup and the PDS's pages`)
  await signInThroughPopup(tendril, budPage, { handle: seed.reader.handle, password: seed.reader.password })

  progress('open the popup again (signed in)')
  const popup = await tendril.openPopup(budPage)
  await popup.waitForSelector('[data-testid="signed-in"]', { timeout: 15_000 })
  await popup.waitForSelector('[data-testid="bud-summary"]', { timeout: 15_000 })
  // "Connected to …" once the worker has confirmed the session with the PDS.
  await popup.waitForFunction(
    () => /^Connected to /.test(document.querySelector('[data-testid="account-confirmation"]')?.textContent ?? ''),
    { timeout: 20_000 },
  )
  const text = (id: string) => popup.$eval(`[data-testid="${id}"]`, (el) => el.textContent?.trim() ?? '')
  const signedIn = { handle: await text('account-handle'), did: await text('account-did'), confirmation: await text('account-confirmation') }
  const budSays = await popupPageText(popup)
  const popupPng = await shootPopup(popup)
  save('3-popup-signed-in.png', 'the popup over the bud page, signed in', popupPng)
  await popup.close()
  save('4-popup-over-bud-page.png', 'the signed-in popup drawn over the bud page, as on screen', await composite(tendril, budPng, popupPng))

  const bud: WalkthroughResult['bud'] = { label: 'bud page', url: budUrl, title: await budPage.title(), popupSays: budSays, renderedBuds }

  progress('bookmark the demo bud with the control beside it')
  const bookmark = await bookmarkDemo(budPage, seed.buds.demo, ready, seed.reader.did)
  save('5-bookmarked.png', 'the bud page after a click on its bookmark control, with the toast', await budPage.screenshot({ type: 'png' }))

  // A writer's citing post (Tendril verifies it and suggests a backlink), the eprint with more
  // backlinks than one page of Chive's list (the popup shows what Chive reports), and the blog.
  const citing = seed.sources.find((s) => s.owner === 'writer' && s.sourceType === 'bluesky.embed')
  const busy = seed.eprints.find((e) => e.uri === seed.busyEprint?.uri) ?? seed.eprints[0]
  const others: { label: string; file: string; url: string | undefined; prompt?: boolean; popup?: string }[] = [
    { label: 'eprint page', file: '6-eprint-page.png', url: busy?.pageUrl, popup: '6b-eprint-backlinks.png' },
    { label: 'Bluesky post', file: '7-bluesky-post.png', url: citing?.pageUrl, prompt: true },
    { label: 'blog', file: '8-blog.png', url: seed.blogUrl },
  ]
  const pages: PageSeen[] = []
  for (const other of others) {
    if (!other.url) throw new Error(`the seed has no ${other.label}`)
    progress(`open the ${other.label} (${new URL(other.url).host})`)
    const page = await tendril.openPage(other.url)
    await page.waitForNetworkIdle({ idleTime: 250, timeout: 10_000 }).catch(() => undefined)
    if (other.prompt) await page.waitForSelector('tendril-ui[data-tendril="backlink-prompt"]', { timeout: 20_000 })
    const title = await page.title()
    const pagePng = await page.screenshot({ type: 'png' })
    save(other.file, `the ${other.label} at ${new URL(other.url).host} (sandbox)${other.prompt ? ', with Tendril’s backlink suggestion' : ''}`, pagePng)
    const over = await tendril.openPopup(page)
    if (other.popup) await over.waitForSelector('[data-testid="chive-backlink"]', { timeout: 20_000 })
    const overPng = other.popup ? await shootPopup(over) : undefined
    const popupSays = await popupPageText(over)
    await over.close()
    // Drawn after the popup closed (composing uses a page of its own, which would close it).
    if (other.popup && overPng) save(other.popup, `the popup over the ${other.label}: what Chive reports about its backlinks`, await composite(tendril, pagePng, overPng))
    pages.push({ label: other.label, url: other.url, title, popupSays })
    await page.close()
  }

  return { bud, signedOut: { popupSays: signedOutSays }, signedIn, bookmark, pages, shots }
}

/** The popup's own box (about 370 CSS px wide), not the window around it. (Rendering it at a
 * higher pixel density does not work: a popup refuses device-metrics emulation, and a scaled clip
 * repeats content past the popup's small viewport.) */
async function shootPopup(popup: Page): Promise<Uint8Array> {
  const main = await popup.waitForSelector('[data-testid="popup"]')
  // What the popup shows without scrolling: past its viewport a shot repeats the top.
  const box = (await main!.boundingBox())!
  const height = await popup.evaluate(() => window.innerHeight)
  return popup.screenshot({ type: 'png', clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, height - box.y) } })
}

/** The text of the popup below the account panel (what it says about the page), once it has
 * finished looking at the tab. */
async function popupPageText(popup: Page): Promise<string> {
  await popup.waitForFunction(() => !document.body.innerText.includes('Looking at this tab…'), { timeout: 15_000 })
  // Settled: what the popup says about the page (a bud, a source's citations, an eprint's backlinks, or
  // that there is nothing here) is on screen; the two sections answer separately.
  await popup.waitForSelector(
    '[data-testid="page-none"], [data-testid="page-missing"], [data-testid="page-error"], [data-testid="bud-summary"], [data-testid="backlinks-source"], [data-testid="backlinks-eprint"], [data-testid="backlinks-error"]',
    { timeout: 15_000 },
  )
  return popup.$eval('[data-testid="popup"]', (main) => {
    const parts: string[] = []
    let seenRule = false
    for (const child of Array.from(main.children)) {
      if (child.tagName === 'HR') seenRule = true
      // What the popup says about the page; the bookmarks panel below it is reported on its own, and
      // an eprint's backlinks by Chive's counts alone (the list is long).
      else if (!seenRule || child.matches('[data-testid="bookmarks"], [data-testid="my-backlinks"]')) continue
      else if (child.matches('[data-testid="backlinks-eprint"]')) parts.push(`Chive reports ${(child.querySelector('[data-testid="backlink-counts"]') as HTMLElement | null)?.innerText.trim() ?? ''}`)
      else parts.push((child as HTMLElement).innerText.trim())
    }
    return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ')
  })
}

/** The popup drawn at the toolbar's corner of the page screenshot, as a person sees it. Made with
 * Chromium itself (no image library): an HTML page holding both images, screenshotted. */
async function composite(tendril: Tendril, pagePng: Uint8Array, popupPng: Uint8Array): Promise<Uint8Array> {
  const page = await tendril.browser.newPage()
  try {
    await page.setViewport({ width: 1200, height: 900 })
    const src = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`
    await page.setContent(
      `<!doctype html><body style="margin:0;position:relative;width:1200px;height:900px;overflow:hidden">
        <img id="page" src="${src(pagePng)}" style="display:block">
        <img id="popup" src="${src(popupPng)}" style="position:absolute;top:6px;right:14px;border:1px solid #c9cfca;border-radius:8px;box-shadow:0 6px 24px rgba(0,0,0,.28)">
      </body>`,
      { waitUntil: 'load' },
    )
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0))
    const size = await page.$eval('#page', (img) => ({ width: (img as HTMLImageElement).naturalWidth, height: (img as HTMLImageElement).naturalHeight }))
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: Math.min(size.width, 1200), height: Math.min(size.height, 900) } })
  } finally {
    await page.close()
  }
}


/** A person's click on the control beside the demo bud (drawn signed out; the page is reloaded so
 * it shows the signed-in state), then what the toast said and the record the PDS now holds. */
async function bookmarkDemo(budPage: Page, demo: string, ready: SandboxReady, did: string): Promise<{ toast: string; record: string }> {
  await budPage.bringToFront()
  await budPage.reload({ waitUntil: 'domcontentloaded' })
  const control = await budPage.waitForSelector(`li[data-bud-uri="${demo}"] > ${CONTROL}`, { timeout: 15_000 })
  const label = await eventually(async () => (await inShadow<string>(budPage, control!, 'button', '(b) => b.textContent')) || undefined, 'the control')
  if (!label.includes('Bookmark') || label.includes('Bookmarked')) throw new Error(`the demo bud's control says “${label}”, not “Bookmark”`)
  await clickLikeAPerson(budPage, control!)
  const toast = await toastText(budPage, 'the toast')
  const record = await eventually(async () => (await listBookmarks(ready.pdsUrl, did)).find((b) => b.subject.uri === demo), 'the bookmark at the PDS')
  return { toast, record: `at://${did}/ink.branchline.bookmark/${record.rkey}` }
}
