import type { ElementHandle, Page } from 'puppeteer-core'
import { eventually } from './tendril.ts'

// Reaching into Tendril's in-page controls the way a test may and a page may not: their shadow
// roots are closed (no script in the page can get at them), but the DevTools protocol sees every
// node, closed roots included. And acting like a person: the tab in front, the pointer moved to the
// control and pressed (trusted input events), or a key pressed while it has focus.

export const CONTROL = 'tendril-ui[data-tendril="bookmark"]'
export const TOAST = 'tendril-ui[data-tendril="toast"]'

/** Runs `fn` on the first element matching `selector` inside `host`'s closed shadow root. */
export async function inShadow<T>(page: Page, host: ElementHandle, selector: string, fn: string): Promise<T> {
  // Object ids belong to the CDP session that made them: find the host again in this session.
  const probe = `p${Math.random().toString(36).slice(2)}`
  await host.evaluate((el, p) => el.setAttribute('data-test-probe', p), probe)
  const cdp = await page.createCDPSession()
  try {
    const found = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('[data-test-probe="${probe}"]')` })
    await host.evaluate((el) => el.removeAttribute('data-test-probe'))
    if (!found.result.objectId) throw new Error('the host is gone')
    const { node } = await cdp.send('DOM.describeNode', { objectId: found.result.objectId, depth: -1, pierce: true })
    const root = node.shadowRoots?.[0]
    if (!root) throw new Error('the host has no shadow root')
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: root.backendNodeId })
    const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function (selector) { const el = this.querySelector(selector); if (!el) return undefined; return (${fn})(el); }`,
      arguments: [{ value: selector }],
      returnByValue: true,
      awaitPromise: true,
    })
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text)
    return result.value as T
  } finally {
    await cdp.detach()
  }
}

/** Focuses the element matching `selector` in `host`'s shadow root (then keys go to it). */
export async function focusInShadow(page: Page, host: ElementHandle, selector: string): Promise<void> {
  await inShadow(page, host, selector, '(el) => { el.focus(); return true }')
}

/** What a control's button says and shows: name, pressed state, colours and whether it fits. */
export interface ButtonLook {
  text: string
  pressed: string | null
  busy: string | null
  color: string
  background: string
  clipped: boolean
  width: number
}

export const lookOf = (page: Page, host: ElementHandle) =>
  inShadow<ButtonLook>(
    page,
    host,
    'button',
    `(b) => { const s = getComputedStyle(b); return { text: b.textContent, pressed: b.getAttribute('aria-pressed'), busy: b.getAttribute('aria-busy'),
      color: s.color, background: s.backgroundColor, clipped: b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1, width: b.getBoundingClientRect().width } }`,
  )

/** The control beside the bud `uri` (waits for it). */
export async function controlFor(page: Page, uri: string): Promise<ElementHandle> {
  return eventually(async () => (await page.$(`li[data-bud-uri="${uri}"] > ${CONTROL}`)) ?? undefined, `the control beside ${uri}`)
}

/** A person's click on `host`: tab in front, control scrolled into view and left there a moment
 * (the shell acts only for a control that has been visible), pointer moved onto it and pressed. */
export async function clickLikeAPerson(page: Page, host: ElementHandle): Promise<void> {
  await page.bringToFront()
  await host.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await new Promise((r) => setTimeout(r, 800))
  const box = await host.boundingBox()
  if (!box) throw new Error('the control has no box')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

/** WCAG 2 contrast ratio of two computed `rgb()` colours. */
export function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/[\d.]+/g)!.slice(0, 3).map(Number).map((v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [x, y] = [lum(a), lum(b)]
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05)
}

/** The text of the toast on screen, once it has some. The host is found again at every look: a
 * newer toast replaces an older one, and a toast closes on its own after a while. */
export function toastText(page: Page, what = 'the toast text'): Promise<string> {
  return eventually(async () => {
    const host = await page.$(TOAST)
    if (!host) return undefined
    return (await inShadow<string>(page, host, '.text', '(el) => el.textContent').catch(() => undefined)) || undefined
  }, what)
}

export const PROMPT = 'tendril-ui[data-tendril="backlink-prompt"]'

/** The backlink prompt on a source page (waits for it). */
export function promptOn(page: Page, timeoutMs = 20_000): Promise<ElementHandle> {
  return eventually(async () => (await page.$(PROMPT)) ?? undefined, 'the backlink prompt', timeoutMs)
}

/** Every button's text in the prompt, and its whole text. */
export function promptLook(page: Page, host: ElementHandle): Promise<{ text: string; buttons: string[] }> {
  return inShadow(page, host, 'section', `(s) => ({ text: s.textContent, buttons: [...s.querySelectorAll('button')].map((b) => b.textContent.trim()) })`)
}

/** A person's click on the prompt's button whose text starts with `label`: the tab in front, the
 * prompt left visible a moment (the shell's minimum), then a trusted click at the button's centre. */
export async function clickPromptButton(page: Page, host: ElementHandle, label: string): Promise<void> {
  await page.bringToFront()
  await new Promise((r) => setTimeout(r, 800))
  const box = await inShadow<{ x: number; y: number; width: number; height: number } | null>(
    page,
    host,
    'section',
    `(s) => { const b = [...s.querySelectorAll('button')].find((b) => b.textContent.trim().startsWith(${JSON.stringify(label)})); if (!b) return null; const r = b.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height } }`,
  )
  if (!box) throw new Error(`no prompt button “${label}…”`)
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}
