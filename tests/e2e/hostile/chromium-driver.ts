// The hostile-page driver for Chromium: the shared e2e harness (tests/e2e/harness/tendril.ts) plus
// two CDP witnesses on the service worker target — its console (Runtime/Log) and its network
// (Network.requestWillBeSent) — and console listeners on every page target. The worker is never
// stopped by this suite, so one CDP session on it stays valid throughout (REFERENCE: do not hold a
// worker handle across a stop).

import type { CDPSession, Page, Target } from 'puppeteer-core'
import type { SandboxReady } from '../../sandbox/types.ts'
import { completeSignIn, startSignIn } from '../harness/sign-in.ts'
import { eventually, launchTendril } from '../harness/tendril.ts'
import type { ConsoleError, HostileDriver } from './driver.ts'

interface Stamped<T> {
  seq: number
  value: T
}

// What page.evaluate callbacks use inside an extension page.
declare const chrome: {
  action: { getTitle(d: { tabId: number }): Promise<string>; getBadgeText(d: { tabId: number }): Promise<string> }
  tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> }
}

export async function launchChromiumDriver(options: { extensionPath: string; sandbox: SandboxReady }): Promise<HostileDriver> {
  const tendril = await launchTendril(options)
  const { browser } = tendril
  const origin = `chrome-extension://${tendril.extensionId}`
  let seq = 0
  const errors: Stamped<ConsoleError>[] = []
  const workerRequests: Stamped<string>[] = []
  const requested = new WeakMap<Page, string[]>()
  const watched = new WeakSet<Page>()
  const own = new Set<Target>(browser.targets())

  const error = (where: string, text: string) => errors.push({ seq: seq++, value: { where, text } })

  function watch(page: Page, where: () => string): void {
    if (watched.has(page)) return
    watched.add(page)
    const urls: string[] = []
    requested.set(page, urls)
    // Puppeteer reports console messages and requests of every frame, out-of-process ones included.
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'assert') error(where(), message.text())
    })
    page.on('pageerror', (err) => error(where(), `uncaught: ${String(err)}`))
    page.on('request', (request) => urls.push(request.url()))
  }

  // Every URL a tab ever showed: a tab the worker closes at once still counts as having got there.
  const seenUrls = new Set<string>()
  const see = (target: Target) => {
    if (target.type() === 'page') seenUrls.add(target.url())
  }
  browser.on('targetchanged', see)
  // Tabs the pages open themselves (window.open), and the popup.
  browser.on('targetcreated', (target: Target) => {
    see(target)
    if (target.type() !== 'page') return
    void target.asPage().then(
      (page) => page && watch(page, () => `page ${page.url()}`),
      () => undefined,
    )
  })

  const workerTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`${origin}/`),
  )
  const worker: CDPSession = await workerTarget.createCDPSession()
  worker.on('Runtime.consoleAPICalled', (event) => {
    if (event.type !== 'error' && event.type !== 'assert') return
    error('worker', event.args.map((a) => a.value ?? a.description ?? '').join(' '))
  })
  worker.on('Runtime.exceptionThrown', (event) => {
    error('worker', `uncaught: ${event.exceptionDetails.exception?.description ?? event.exceptionDetails.text}`)
  })
  worker.on('Log.entryAdded', (event) => {
    if (event.entry.level === 'error') error('worker', `${event.entry.source}: ${event.entry.text}`)
  })
  worker.on('Network.requestWillBeSent', (event) => {
    workerRequests.push({ seq: seq++, value: `${event.request.method} ${event.request.url}` })
  })
  await Promise.all([worker.send('Runtime.enable'), worker.send('Log.enable'), worker.send('Network.enable')])

  // Extension-page helpers run in a page of our own, opened once.
  let helper: Page | undefined
  async function extensionPage(): Promise<Page> {
    if (helper && !helper.isClosed()) return helper
    helper = await browser.newPage()
    own.add(helper.target())
    watch(helper, () => 'options page')
    await helper.goto(`${origin}/options.html`)
    return helper
  }

  // The harness's own extension page (tendril.send) and ours stay open across pages.
  await tendril.send({ type: 'ping' })
  await extensionPage()
  for (const target of browser.targets()) own.add(target)

  return {
    extensionOrigin: origin,
    async open(url) {
      const page = await browser.newPage()
      watch(page, () => `page ${page.url()}`)
      await page.goto(url, { waitUntil: 'domcontentloaded' })
      return page
    },
    click: (page, selector) => tendril.click(page, selector),
    async clickAt(page, { x, y }) {
      await page.bringToFront()
      // CDP Input.dispatchMouseEvent: the renderer gets it as real input (isTrusted, detail 1).
      await page.mouse.click(x, y)
    },
    async tabIdOf(page) {
      // The harness's tabIdOf compares URLs, which the extension cannot see on hosts it has no
      // permission for (hostile.example): bring the tab to the front and take the active one.
      await page.bringToFront()
      const ext = await extensionPage()
      const id = await ext.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id)
      if (id === undefined) throw new Error(`no active tab for ${page.url()}`)
      return id
    },
    send: (request) => tendril.send(request),
    async toolbar(tabId) {
      return (await extensionPage()).evaluate(
        async (id) => ({ title: await chrome.action.getTitle({ tabId: id }), badge: await chrome.action.getBadgeText({ tabId: id }) }),
        tabId,
      )
    },
    async tabUrls() {
      const tabs = await (await extensionPage()).evaluate(() => chrome.tabs.query({}))
      return tabs.map((t) => t.url ?? '')
    },
    tabUrlsSeen: () => [...seenUrls],
    async openPopup(over) {
      const popup = await tendril.openPopup(over)
      watch(popup, () => 'popup')
      return popup
    },
    async contentScriptIn(page) {
      // Content scripts run in an isolated world whose origin is the extension's.
      const cdp = await page.createCDPSession()
      try {
        const contexts: Array<{ origin: string; auxData?: { type?: string; frameId?: string } }> = []
        cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context))
        await cdp.send('Runtime.enable')
        const frameId = (page.mainFrame() as unknown as { _id: string })._id
        return contexts.some((c) => c.origin === origin && c.auxData?.type === 'isolated' && c.auxData.frameId === frameId)
      } finally {
        await cdp.detach().catch(() => undefined)
      }
    },
    async startSignIn(over, handle) {
      // Signed in already: the popup offers "add account" first (tests/e2e/accounts.test.ts).
      const popup = await tendril.openPopup(over)
      const add = await popup.$('[data-testid="add-account"]')
      await popup.close()
      if (!add) return (await startSignIn(tendril, over, handle)).authPage
      const again = await tendril.openPopup(over)
      await again.click('[data-testid="add-account"]')
      await again.waitForSelector('[data-testid="sign-in-input"]')
      await again.type('[data-testid="sign-in-input"]', handle)
      const authTarget = browser.waitForTarget((t) => t.url().includes('/oauth/authorize'), { timeout: 20_000 })
      await again.click('[data-testid="sign-in-button"]')
      const authPage = (await (await authTarget).asPage())!
      await eventually(async () => (authPage.url().includes('/oauth/authorize') ? true : undefined), 'the sign-in page to load')
      return authPage
    },
    completeSignIn: (authPage, account) => completeSignIn(tendril, authPage, account),
    requestedBy: (page) => [...(requested.get(page) ?? [])],
    extensionRequestsSince: (mark) => workerRequests.filter((r) => r.seq >= mark).map((r) => r.value),
    consoleErrorsSince: (mark) => errors.filter((e) => e.seq >= mark).map((e) => e.value),
    mark: () => seq++,
    async closeOpenedTabs() {
      for (const target of browser.targets()) {
        if (target.type() !== 'page' || own.has(target)) continue
        const page = await target.asPage().catch(() => null)
        await page?.close().catch(() => undefined)
      }
    },
    async close() {
      await worker.detach().catch(() => undefined)
      await tendril.close()
    },
  }
}
