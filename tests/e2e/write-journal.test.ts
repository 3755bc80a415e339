import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { evaluateInContentScript } from './harness/content-world.ts'
import { seedWrites, storedWriteIds } from './harness/extension-db.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

declare const chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string>; getTitle(d: { tabId: number }): Promise<string> } }

// The write journal inside the real extension, against the sandbox PDS. Until a feature writes
// (bookmarks, backlinks), the journal's entries are put into the extension's own database as an
// older worker would have left them: the popup lists them with their reason, Retry sends one
// through the real worker with the reader's real session, and signing out asks before dropping
// what is not saved.
describe('the write journal in the extension', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  let tendril: Tendril
  let page: Page
  let bud: { uri: string; cid: string }

  beforeAll(async () => {
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(sandbox.seed.buds.demo)!)
    await signInThroughPopup(tendril, page, reader)
    const [, , repo, collection, rkey] = sandbox.seed.buds.demo.split('/')
    const res = await fetch(`${sandbox.pdsUrl}/xrpc/com.atproto.repo.getRecord?${new URLSearchParams({ repo: repo!, collection: collection!, rkey: rkey! })}`)
    bud = (await res.json()) as { uri: string; cid: string }
  })
  afterAll(async () => {
    // Whatever happened above, leave no live session at the PDS (other files count live tokens).
    await tendril?.send({ type: 'auth.signOut', did: reader.did, discardWrites: true }).catch(() => undefined)
    await tendril?.close()
  })

  /** A journal entry as lib/writes/entry.ts defines it (format 1), stopped with a reason. */
  const failedCreate = (id: string, rkey: string) => ({
    v: 1,
    id,
    did: reader.did,
    feature: 'bookmark',
    label: 'Bookmark “The demo bud”',
    op: { kind: 'create', collection: 'ink.branchline.bookmark', rkey, record: { $type: 'ink.branchline.bookmark', subject: { uri: bud.uri, cid: bud.cid }, createdAt: new Date().toISOString() } },
    status: 'failed',
    attempts: 3,
    nextAttemptAt: 0,
    maybeLanded: true,
    error: { code: 'HTTP 503', message: 'Your server had a problem (HTTP 503).' },
    createdAt: Date.now(),
  })
  const recordAt = async (rkey: string) =>
    (await fetch(`${sandbox.pdsUrl}/xrpc/com.atproto.repo.getRecord?${new URLSearchParams({ repo: reader.did, collection: 'ink.branchline.bookmark', rkey })}`)).status

  it('lists a stopped write with its reason; Retry sends it with the reader’s session and it leaves the list once saved', async () => {
    const rkey = `3kqe2e${Date.now().toString(36)}a`
    await seedWrites(tendril, [failedCreate('3kqe2e0000001', rkey)])
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="write"][data-status="failed"]')
    expect(await popup.$eval('[data-testid="write"]', (el) => el.textContent)).toContain('Bookmark “The demo bud”')
    expect(await popup.$eval('[data-testid="write-status"]', (el) => el.textContent)).toBe('Not saved. Your server had a problem (HTTP 503).')

    await tendril.click(popup, '[data-testid="write-retry"]')
    await popup.waitForFunction(() => !document.querySelector('[data-testid="write"]'), { timeout: 15_000 })
    expect(await recordAt(rkey)).toBe(200)
    // (Opening the extension page below takes the focus, which closes the popup.)
    expect(await storedWriteIds(tendril)).toEqual([])
  })

  it('a write that stopped for good puts “!” on the toolbar button of every tab, ahead of the bud; discarding it clears it', async () => {
    const tabId = await tendril.tabIdOf(page)
    const button = async () => {
      const ext = await tendril.browser.newPage()
      try {
        await ext.goto(`chrome-extension://${tendril.extensionId}/options.html`)
        return await ext.evaluate(
          async (id) => ({ text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) }),
          tabId,
        )
      } finally {
        await ext.close()
      }
    }
    // The bud's own badge: `bud`, or `★` once the reader's bookmark of it is known (the test above
    // saved one).
    const own = (await button()).text
    expect(own).toMatch(/^(bud|★)$/)
    // A write Tendril's own check refuses (its subject has no CID): it can never succeed.
    const broken = failedCreate('3kqe2e0000004', `3kqe2e${Date.now().toString(36)}d`)
    broken.op.record.subject = { uri: bud.uri } as never
    await seedWrites(tendril, [broken])
    expect(await tendril.send({ type: 'writes.retry', id: '3kqe2e0000004' })).toMatchObject({ ok: true, value: [{ id: '3kqe2e0000004', status: 'failed' }] })
    await eventually(async () => ((await button()).text === '!' ? true : undefined), 'the “!” badge')
    expect((await button()).title).toBe('Tendril — 1 write could not be saved. Open Tendril to retry or discard.')
    await tendril.send({ type: 'writes.discard', id: '3kqe2e0000004' })
    await eventually(async () => ((await button()).text === own ? true : undefined), 'the bud’s own badge back')
  })

  it('code running as the content script cannot list, retry or drop the reader’s writes, nor sign out dropping them', async () => {
    await seedWrites(tendril, [failedCreate('3kqe2e0000003', `3kqe2e${Date.now().toString(36)}c`)])
    const replies = await evaluateInContentScript<Array<{ ok: boolean; error?: { code: string } }>>(
      page,
      tendril.extensionId,
      `Promise.all([
        { type: 'writes.list' },
        { type: 'writes.retry', id: '3kqe2e0000003' },
        { type: 'writes.discard', id: '3kqe2e0000003' },
        { type: 'auth.signOut', did: ${JSON.stringify(reader.did)}, discardWrites: true },
      ].map((m) => chrome.runtime.sendMessage(m)))`,
    )
    expect(replies.map((r) => [r.ok, r.error?.code])).toEqual(Array(4).fill([false, 'Forbidden']))
    expect(await storedWriteIds(tendril)).toEqual(['3kqe2e0000003'])
  })

  it('signing out with a write not saved asks first; staying keeps both; agreeing drops the write and signs out', async () => {
    await seedWrites(tendril, [failedCreate('3kqe2e0000002', `3kqe2e${Date.now().toString(36)}b`)])
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    await tendril.click(popup, '[data-testid="sign-out"]')
    await popup.waitForSelector('[data-testid="unsaved-writes"]')
    expect(await popup.$eval('[data-testid="unsaved-writes"] p', (el) => el.textContent)).toBe(
      '2 changes of this account are not saved to your server yet. Signing out now drops them.',
    )
    await tendril.click(popup, '[data-testid="sign-out-keep-writes"]')
    expect(await popup.$('[data-testid="unsaved-writes"]')).toBeNull()
    expect(await popup.$('[data-testid="signed-in"]')).not.toBeNull()
    expect(await storedWriteIds(tendril)).toEqual(['3kqe2e0000002', '3kqe2e0000003']) // (closes the popup)

    const again = await tendril.openPopup(page)
    await tendril.click(again, '[data-testid="sign-out"]')
    await again.waitForSelector('[data-testid="sign-out-drop-writes"]')
    await tendril.click(again, '[data-testid="sign-out-drop-writes"]')
    await again.waitForSelector('[data-testid="signed-out"]')
    await eventually(async () => ((await storedWriteIds(tendril)).length === 0 ? true : undefined), 'the dropped write to leave the journal')
  })
})
