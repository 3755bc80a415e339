import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import type { Reply, Request, Responses } from '../../../lib/messages.ts'
import type { SandboxReady } from '../../sandbox/types.ts'
import { assertChromium, chromiumArgs } from './chromium.ts'

// Drives the built extension in real Chromium the way a person would: pages at real hostnames,
// the real toolbar popup, and requests to the worker sent from an extension page exactly as the
// popup sends them (no test-only entry points in the shipped code).

export interface LaunchOptions {
  extensionPath: string
  sandbox: SandboxReady
  /** Show the window (npm start on a desktop). */
  headed?: boolean
  /** Reuse a profile (browser restart tests); a fresh temporary one otherwise. */
  profileDir?: string
}

export interface Tendril {
  browser: Browser
  extensionId: string
  profileDir: string
  /** Sends a request to the worker from an extension page and returns its reply. */
  send<T extends Request>(request: T): Promise<Reply<Responses[T['type']]>>
  /** Opens a page at a real hostname (served by the sandbox). */
  openPage(url: string): Promise<Page>
  /** Clicks like a person: the tab comes to the front first (a person cannot click in a background
   * tab, and headless Chromium 156 exits when a background tab with an extension is clicked). */
  click(page: Page, selector: string): Promise<void>
  /** The id Chromium gave the tab showing `page`. */
  tabIdOf(page: Page): Promise<number>
  /** Clicks the toolbar button over `page` and returns the real popup. */
  openPopup(over: Page): Promise<Page>
  /** Stops the service worker as Chromium does when it goes idle, and waits until it has stopped. */
  stopWorker(): Promise<void>
  close(): Promise<void>
}

export async function launchTendril(options: LaunchOptions): Promise<Tendril> {
  const executablePath = assertChromium()
  const ownProfile = !options.profileDir
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), 'tendril-chromium-'))
  const home = join(profileDir, 'home')
  const browser = await puppeteer.launch({
    executablePath,
    headless: !options.headed,
    pipe: true,
    enableExtensions: true,
    userDataDir: join(profileDir, 'profile'),
    args: chromiumArgs(options.sandbox.web.hostResolverRules),
    // Chromium writes caches and crash dumps under HOME/XDG dirs: keep them in the test folder.
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), TMPDIR: profileDir },
    defaultViewport: null,
    // TENDRIL_CHROMIUM_LOG=1 shows Chromium's own stderr (crashes, extension errors) while debugging.
    dumpio: process.env.TENDRIL_CHROMIUM_LOG === '1',
    // The caller owns shutdown (npm start stops the sandbox too); Puppeteer must not exit on signals.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  })
  let extensionId: string
  try {
    extensionId = await browser.installExtension(options.extensionPath)
    await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
      { timeout: 30_000 },
    )
  } catch (error) {
    await browser.close().catch(() => undefined)
    if (ownProfile) rmSync(profileDir, { recursive: true, force: true })
    throw error
  }
  const origin = `chrome-extension://${extensionId}/`

  let messenger: Page | undefined
  async function extensionPage(): Promise<Page> {
    if (messenger && !messenger.isClosed()) return messenger
    messenger = await browser.newPage()
    await messenger.goto(`${origin}options.html`)
    return messenger
  }

  const tendril: Tendril = {
    browser,
    extensionId,
    profileDir,
    async send(request) {
      const page = await extensionPage()
      return page.evaluate((r) => chrome.runtime.sendMessage(r), request as never) as never
    },
    async openPage(url) {
      const page = await browser.newPage()
      await page.goto(url, { waitUntil: 'domcontentloaded' })
      return page
    },
    async click(page, selector) {
      await page.bringToFront()
      const element = await page.waitForSelector(selector)
      await element!.click()
    },
    async tabIdOf(page) {
      // Several tabs may show the same URL: bring this one to the front and ask for the active tab.
      const ext = await extensionPage()
      await page.bringToFront()
      const url = page.url()
      const id = await ext.evaluate(async (u) => {
        const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true })
        return tab?.url === u ? tab.id : undefined
      }, url)
      if (id === undefined) throw new Error(`no active tab shows ${url}`)
      return id
    },
    async openPopup(over) {
      await over.bringToFront()
      const popupUrl = `${origin}popup.html`
      const extensions = await browser.extensions()
      const extension = extensions.get(extensionId)
      if (!extension) throw new Error('Tendril is not installed')
      const opened = browser.waitForTarget((t) => t.url() === popupUrl, { timeout: 15_000 })
      await over.triggerExtensionAction(extension)
      const target = await opened
      const popup = await target.asPage()
      await popup.waitForSelector('[data-testid="popup"]')
      return popup
    },
    async stopWorker() {
      const page = await extensionPage()
      const cdp = await page.createCDPSession()
      try {
        const versions = new Map<string, string>()
        // A version that has reported `stopped` since we asked: an event (a tab loading, say) may
        // wake it again right after, exactly as in real use, and that still counts as stopped.
        const stoppedSinceAsked = new Set<string>()
        let asked = false
        cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
          for (const v of event.versions) {
            if (!v.scriptURL.startsWith(origin)) continue
            versions.set(v.versionId, v.runningStatus)
            if (asked && v.runningStatus === 'stopped') stoppedSinceAsked.add(v.versionId)
          }
        })
        await cdp.send('ServiceWorker.enable')
        const deadline = Date.now() + 10_000
        while (![...versions.values()].some((s) => s === 'running') && Date.now() < deadline) await sleep(50)
        const running = [...versions].filter(([, status]) => status === 'running').map(([id]) => id)
        if (running.length === 0) throw new Error('the service worker was not running')
        asked = true
        for (const versionId of running) await cdp.send('ServiceWorker.stopWorker', { versionId })
        while (running.some((id) => !stoppedSinceAsked.has(id)) && Date.now() < deadline) await sleep(20)
        if (running.some((id) => !stoppedSinceAsked.has(id))) throw new Error('the service worker did not stop')
      } finally {
        await cdp.detach()
      }
    },
    async close() {
      await browser.close().catch(() => undefined)
      if (ownProfile) rmSync(profileDir, { recursive: true, force: true })
    },
  }
  return tendril
}

// What page.evaluate callbacks use of the extension API inside an extension page.
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> }
  tabs: { query(query: object): Promise<Array<{ id?: number; url?: string }>> }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` until it returns a value other than undefined (for UI that updates on its own). */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}
