// What the hostile-page runner needs from a browser, and nothing more. Pages are Puppeteer `Page`s,
// which Puppeteer also gives for Firefox (over WebDriver BiDi); everything that differs between
// browsers (extension pages, the toolbar popup, CDP witnesses) sits behind this interface, so a
// Firefox driver can be added beside chromium-driver.ts without touching the pages or the runner.

import type { Page } from 'puppeteer-core'
import type { Reply, Request, Responses } from '../../../lib/messages.ts'

export interface ConsoleError {
  /** `page <url>`, `worker`, `popup`… */
  where: string
  text: string
}

export interface Toolbar {
  title: string
  badge: string
}

export interface HostileDriver {
  /** `chrome-extension://<id>` (or `moz-extension://<uuid>`): what the extension's requests carry. */
  extensionOrigin: string
  /** A new tab at `url`, watched for console errors from its first byte. */
  open(url: string): Promise<Page>
  /** A person's click: the tab comes to the front first. */
  click(page: Page, selector: string): Promise<void>
  /** A person's click at a point of the viewport (CSS pixels), as trusted input: the tab comes to
   * the front first. */
  clickAt(page: Page, point: { x: number; y: number }): Promise<void>
  tabIdOf(page: Page): Promise<number>
  /** A request to the worker from an extension page, as the popup sends it. */
  send<T extends Request>(request: T): Promise<Reply<Responses[T['type']]>>
  toolbar(tabId: number): Promise<Toolbar>
  /** URLs of every open tab, as the extension would see them (host-permitted ones only). */
  tabUrls(): Promise<string[]>
  /** Every URL any tab has shown since the driver started, closed tabs included. */
  tabUrlsSeen(): string[]
  /** The real toolbar popup over `page`. */
  openPopup(over: Page): Promise<Page>
  /** Did Tendril's content script start in this page's top frame? */
  contentScriptIn(page: Page): Promise<boolean>
  /** Every URL any frame of `page` asked for since it was opened (navigations included). */
  requestedBy(page: Page): string[]
  /** Everything the extension itself sent since `mark` (a witness independent of the sandbox). */
  extensionRequestsSince(mark: number): string[]
  /** Console errors and uncaught exceptions since `mark`: pages (all frames), extension pages, the worker. */
  consoleErrorsSince(mark: number): ConsoleError[]
  /** A position in the two streams above. */
  mark(): number
  /** A person starts signing in from the popup over `over`; returns the PDS's sign-in page. */
  startSignIn(over: Page, handle: string): Promise<Page>
  /** The person signs in and consents on that page; resolves when the worker has finished. */
  completeSignIn(authPage: Page, account: { handle: string; password: string }): Promise<void>
  /** Closes every tab opened since the driver started, except the driver's own. */
  closeOpenedTabs(): Promise<void>
  close(): Promise<void>
}
