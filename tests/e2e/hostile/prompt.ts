// Tendril's backlink prompt on a source page, as a test may reach it and a page may not: the host
// is `<tendril-ui data-tendril="backlink-prompt">` with a closed shadow root (only the DevTools
// protocol sees into it, tests/e2e/harness/shell.ts). A page can draw its own element of that name,
// so Tendril's is told apart by its closed root: a lookalike has an open root or none (the suite's
// `prompt-fake` page draws both kinds; a page could also draw a closed one, which this suite does
// not try).

import type { ElementHandle, Page } from 'puppeteer-core'
import { inShadow } from '../harness/shell.ts'

export const PROMPT = 'tendril-ui[data-tendril="backlink-prompt"]'

export interface PromptSeen {
  /** Every text of the prompt (its lead, the eprint titles, its notes and buttons). */
  text: string
  /** Where a person would press its Add button (viewport CSS pixels), and what it says. */
  add?: { x: number; y: number; label: string }
  refused: string | null
}

/** Tendril's prompt hosts in the page: those with a closed shadow root. */
export async function tendrilPrompts(page: Page): Promise<ElementHandle[]> {
  const hosts = await page.$$(PROMPT)
  const real: ElementHandle[] = []
  const cdp = await page.createCDPSession()
  try {
    for (const host of hosts) {
      const probe = `p${Math.random().toString(36).slice(2)}`
      await host.evaluate((el, p) => el.setAttribute('data-test-probe', p), probe)
      const found = await cdp.send('Runtime.evaluate', { expression: `document.querySelector('[data-test-probe="${probe}"]')` })
      await host.evaluate((el) => el.removeAttribute('data-test-probe'))
      if (!found.result.objectId) continue
      const { node } = await cdp.send('DOM.describeNode', { objectId: found.result.objectId, depth: 1, pierce: true })
      if (node.shadowRoots?.[0]?.shadowRootType === 'closed') real.push(host)
    }
  } finally {
    await cdp.detach().catch(() => undefined)
  }
  return real
}

/** What Tendril's prompt shows, and where its (first) Add button is; undefined when none is drawn. */
export async function seePrompt(page: Page): Promise<PromptSeen | undefined> {
  const [host] = await tendrilPrompts(page)
  if (!host) return undefined
  const text = await inShadow<string | undefined>(page, host, '.prompt', '(el) => el.textContent')
  if (text === undefined) return undefined
  const add = await inShadow<{ x: number; y: number; label: string } | undefined>(
    page,
    host,
    'button.add',
    '(b) => { const r = b.getBoundingClientRect(); return r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2, label: b.textContent } : undefined }',
  )
  const refused = await host.evaluate((el) => el.getAttribute('data-refused'))
  return { text, ...(add ? { add } : {}), refused }
}

/** The centre of the page's own lookalike's "Add a backlink" button (open root or plain DOM). */
export async function fakeAddPoint(page: Page): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate((sel) => {
    for (const host of document.querySelectorAll(sel)) {
      const scope: ParentNode = host.shadowRoot ?? host
      const button = [...scope.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Add a backlink'))
      if (!button) continue
      const r = button.getBoundingClientRect()
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 }
    }
    return undefined
  }, PROMPT)
}
