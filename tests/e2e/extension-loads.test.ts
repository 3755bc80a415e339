import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl, parseBudPageUrl, parseBudUri } from '../../lib/sites/branchline.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

// The first thing a person sees: Tendril installs, its worker answers, it notices a Branchline bud
// page at the real hostname, and the toolbar popup shows that bud.
describe('Tendril in Chromium', () => {
  const sandbox = inject('sandbox')
  let tendril: Tendril

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
  })
  afterAll(async () => {
    await tendril?.close()
  })

  it('has a worker that answers, built for the sandbox', async () => {
    expect(await tendril.send({ type: 'ping' })).toEqual({ ok: true, value: { buildTarget: 'sandbox', version: '0.1.0' } })
  })

  it('schedules its sweep with the browser’s alarms, which wake a stopped worker', async () => {
    const page = await tendril.browser.newPage()
    await page.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    const alarm = await eventually(
      () => page.evaluate(() => (globalThis as unknown as { chrome: { alarms: { get(name: string): Promise<unknown> } } }).chrome.alarms.get('tendril:sweep')),
      'the sweep alarm',
    )
    expect(alarm).toMatchObject({ name: 'tendril:sweep', periodInMinutes: 5 })
    await page.close()
  })

  it('recognises a bud page at branchline.ink and shows it in the real popup', async () => {
    const page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    // The sandbox page is rendered from the PDS: this is the bud the reader is looking at.
    const renderedLeaf = await page.$$eval('[data-bud-uri]', (els) => els.at(-1)?.getAttribute('data-bud-uri'))
    expect(renderedLeaf).toMatch(/^at:\/\/did:plc:[a-z0-9]+\/ink\.branchline\.bud\//)

    const tabId = await tendril.tabIdOf(page)
    const state = await eventually(async () => {
      const reply = await tendril.send({ type: 'tab.get', tabId })
      return reply.ok && reply.value?.page.kind === 'bud' ? reply.value : undefined
    }, 'the worker to describe the bud page')
    expect(state.page).toMatchObject({ kind: 'bud', bud: { uri: renderedLeaf } })

    const popup = await tendril.openPopup(page)
    const card = await popup.waitForSelector('[data-testid="bud-summary"]')
    expect(await card!.evaluate((el) => el.getAttribute('data-bud-uri'))).toBe(renderedLeaf)
    const text = await card!.evaluate((el) => el.textContent ?? '')
    if (state.page.kind !== 'bud') throw new Error('unreachable')
    expect(text).toContain(state.page.bud.title)
    expect(text).toContain(`bud ${state.page.bud.position} of “${state.page.bud.story.title}”`)
    expect(text).not.toMatch(/undefined|\[object Object\]/)
  })

  it('follows in-app navigation to another bud without a reload', async () => {
    const page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    const tabId = await tendril.tabIdOf(page)
    const next = await page.waitForSelector('a.continue-link')
    const nextUri = parseBudPageUrl(await next!.evaluate((a) => (a as HTMLAnchorElement).href))?.uri
    expect(nextUri).toBeDefined()
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true))
    await tendril.click(page, 'a.continue-link')
    const state = await eventually(async () => {
      const reply = await tendril.send({ type: 'tab.get', tabId })
      return reply.ok && reply.value?.page.kind === 'bud' && reply.value.page.bud.uri === nextUri ? reply.value : undefined
    }, 'the worker to follow the in-app navigation')
    expect(state.page.kind).toBe('bud')
    // Same document: the marker set before the click survived, so the site did not reload.
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true)
  })

  it('forgets the bud once the tab has moved on to another site', async () => {
    const page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    const tabId = await tendril.tabIdOf(page)
    await eventually(async () => {
      const reply = await tendril.send({ type: 'tab.get', tabId })
      return reply.ok && reply.value?.page.kind === 'bud' ? true : undefined
    }, 'the bud to be described')
    await page.goto(sandbox.seed.blogUrl, { waitUntil: 'domcontentloaded' })
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="page-none"]')
    expect(await popup.$('[data-testid="bud-summary"]')).toBeNull()
    await popup.close()
  })

  // The built manifests are the authority (built-manifests.test.ts); this is what that means in the
  // browser: a page Tendril reads gets no chrome.runtime to message the worker with.
  it('a Branchline page gets no extension messaging API (chrome.runtime.sendMessage is absent)', async () => {
    const page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    const sendMessage = await page.evaluate(
      () => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage,
    )
    expect(sendMessage).toBe('undefined')
    await page.close()
  })

  it('understands a bud page addressed by its author’s handle', async () => {
    const demo = parseBudUri(sandbox.seed.buds.demo)!
    const writer = [sandbox.seed.reader, ...sandbox.seed.writers].find((a) => a.did === demo.did)!
    const page = await tendril.openPage(`https://branchline.ink/bud/${writer.handle}/${demo.rkey}`)
    const tabId = await tendril.tabIdOf(page)
    const state = await eventually(async () => {
      const reply = await tendril.send({ type: 'tab.get', tabId })
      return reply.ok && reply.value?.page.kind === 'bud' ? reply.value : undefined
    }, 'the worker to describe the bud addressed by handle')
    expect(state.page).toMatchObject({ kind: 'bud', bud: { uri: sandbox.seed.buds.demo } })
    await page.close()
  })
})
