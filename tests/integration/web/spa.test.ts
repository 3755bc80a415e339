// The Branchline stand-in behaves like the real single-page app in a real browser: Chromium reaches
// https://branchline.ink through --host-resolver-rules, links to other buds change the URL with
// pushState and swap the list without reloading, back/forward work, crosspost fragments resolve,
// and hostile record text never runs. Needs Debian's Chromium, which `npm test` installs; without it
// this fails (a skipped browser test would prove nothing).

import path from 'node:path'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostResolverRules, sandboxPorts } from '../../sandbox/config.ts'
import { assertChromium } from '../../e2e/harness/chromium.ts'
import { startWorld, type Account, type CreatedRecord, type World } from './world.ts'

const CHROMIUM = assertChromium()
const BUD = 'ink.branchline.bud'
const rkey = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1)

describe('Branchline stand-in in Chromium', () => {
  let world: World
  let browser: Browser
  let page: Page
  let ada: Account
  let root: CreatedRecord
  let child: CreatedRecord
  let grandchild: CreatedRecord
  const dialogs: string[] = []

  const budUrl = (r: CreatedRecord) => `https://branchline.ink/bud/${ada.did}/${rkey(r.uri)}`
  const renderedPath = () => page.$$eval('[data-bud-uri]', (els) => els.map((el) => el.getAttribute('data-bud-uri')))
  const idle = () => page.waitForSelector('html[data-nav="idle"]')

  beforeAll(async () => {
    world = await startWorld()
    ada = await world.createAccount('ada.test')
    const at = (n: number) => new Date(Date.now() + n * 1000).toISOString()
    root = await world.createRecord(ada, BUD, { title: 'Root', text: 'Once.', createdAt: at(0) })
    child = await world.createRecord(ada, BUD, {
      title: '<img src=x onerror="alert(1)"><script>alert(2)</script>',
      text: '<script>alert(3)</script>',
      createdAt: at(1),
      parent: { uri: root.uri, cid: root.cid },
    })
    grandchild = await world.createRecord(ada, BUD, { title: 'Grandchild', text: 'Then.', createdAt: at(2), parent: { uri: child.uri, cid: child.cid } })
    await world.startWeb({
      reader: { handle: ada.handle, did: ada.did, password: ada.password },
      writers: [],
      stories: [{ title: 'Root', root: root.uri, budCount: 3 }],
      buds: {
        total: 3,
        deepBranch: { root: root.uri, leaf: grandchild.uri, depth: 3 },
        siblings: [child.uri, child.uri],
        cousins: [child.uri, child.uri],
        demo: root.uri,
      },
      eprints: [],
      sources: [],
      decoys: [],
      blogUrl: 'https://reading-notes.example/',
    })
    const home = path.join(world.tmpDir, 'chromium-home')
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      pipe: true,
      userDataDir: path.join(world.tmpDir, 'chromium-profile'),
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home, TMPDIR: world.tmpDir },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--ignore-certificate-errors',
        `--host-resolver-rules=${hostResolverRules({ ...sandboxPorts(), web: world.webPort })}`,
      ],
    })
    page = await browser.newPage()
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
  })

  afterAll(async () => {
    await browser?.close()
    await world?.close()
  })

  it('navigates to a child bud in-app: URL via pushState, new list, no reload', async () => {
    await page.goto(budUrl(root), { waitUntil: 'load' })
    await idle()
    expect(await renderedPath()).toEqual([root.uri])
    await page.evaluate(() => {
      ;(window as unknown as { marker: number }).marker = 42
    })

    await page.click('a.continue-link')
    await page.waitForFunction((uri) => Array.from(document.querySelectorAll('[data-bud-uri]')).some((el) => el.getAttribute('data-bud-uri') === uri), {}, child.uri)
    await idle()
    expect(page.url()).toBe(budUrl(child))
    expect(await renderedPath()).toEqual([root.uri, child.uri])
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1)
    expect(await page.title()).toContain('· Branchline')

    await page.click('a.continue-link')
    await page.waitForFunction((n) => document.querySelectorAll('[data-bud-uri]').length === n, {}, 3)
    expect(page.url()).toBe(budUrl(grandchild))
    expect(await renderedPath()).toEqual([root.uri, child.uri, grandchild.uri])
  })

  it('goes back and forward without reloading', async () => {
    await page.goBack()
    await page.waitForFunction((n) => document.querySelectorAll('[data-bud-uri]').length === n, {}, 2)
    expect(page.url()).toBe(budUrl(child))
    await page.goForward()
    await page.waitForFunction((n) => document.querySelectorAll('[data-bud-uri]').length === n, {}, 3)
    expect(page.url()).toBe(budUrl(grandchild))
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
  })

  it('moves up the branch through a bud’s own link and home through the site link', async () => {
    await page.click(`li[data-bud-uri="${root.uri}"] a.branch-indicator`)
    await page.waitForFunction((n) => document.querySelectorAll('[data-bud-uri]').length === n, {}, 1)
    expect(page.url()).toBe(budUrl(root))
    await page.click('header.site a')
    await page.waitForSelector('.story-list')
    expect(page.url()).toBe('https://branchline.ink/')
    expect(await renderedPath()).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
  })

  it('resolves crosspost fragments to the bud’s list item', async () => {
    await page.goto(`${budUrl(grandchild)}#bud-${rkey(child.uri)}`, { waitUntil: 'load' })
    expect(await page.evaluate(() => document.querySelector(':target')?.getAttribute('data-bud-uri'))).toBe(child.uri)
  })

  it('never runs hostile record text', async () => {
    await page.goto(budUrl(child), { waitUntil: 'load' })
    await idle()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(dialogs).toEqual([])
    expect(await page.$$eval('img', (els) => els.length)).toBe(0)
    expect(await page.$eval(`li[data-bud-uri="${child.uri}"] .story-title`, (el) => el.textContent)).toBe(
      '<img src=x onerror="alert(1)"><script>alert(2)</script>',
    )
  })

  it('shows the unknown-bud page in-app too', async () => {
    await page.goto(budUrl(root), { waitUntil: 'load' })
    await idle()
    await page.evaluate((url) => (window as unknown as { __sandboxNavigate(u: string): Promise<void> }).__sandboxNavigate(url), `https://branchline.ink/bud/${ada.did}/3zzzzzzzzzzzz`)
    await page.waitForSelector('main[data-status="404"]')
    expect(await renderedPath()).toEqual([])
    expect(await page.$eval('main', (el) => el.textContent)).toContain('Not a bud we know.')
  })
})
