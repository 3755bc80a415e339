import type { Page } from 'puppeteer-core'

// Runs code in Tendril's content-script world of a page (its isolated world, with the extension
// APIs a content script has), through CDP: what a compromised content script could do. Chromium
// only; a Firefox driver would use BiDi's sandboxes.

export async function evaluateInContentScript<T>(page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp = await page.createCDPSession()
  try {
    const origin = `chrome-extension://${extensionId}`
    const contexts: Array<{ id: number; origin: string; auxData?: { type?: string; isDefault?: boolean; frameId?: string } }> = []
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context))
    await cdp.send('Runtime.enable')
    const mainFrame = page.mainFrame() as unknown as { _id: string }
    const deadline = Date.now() + 10_000
    let world: (typeof contexts)[number] | undefined
    while (!world && Date.now() < deadline) {
      world = contexts.find((c) => c.origin === origin && c.auxData?.type === 'isolated' && c.auxData.frameId === mainFrame._id)
      if (!world) await new Promise((r) => setTimeout(r, 50))
    }
    if (!world) throw new Error(`no Tendril content script runs in ${page.url()}`)
    const result = await cdp.send('Runtime.evaluate', { contextId: world.id, expression, awaitPromise: true, returnByValue: true })
    if (result.exceptionDetails) throw new Error(`content-script world threw: ${result.exceptionDetails.exception?.description ?? result.exceptionDetails.text}`)
    return result.result.value as T
  } finally {
    await cdp.detach().catch(() => undefined)
  }
}
