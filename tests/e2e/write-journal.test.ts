import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { seedWrites, storedWriteIds } from './harness/extension-db.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

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

  it('signing out with a write not saved asks first; staying keeps both; agreeing drops the write and signs out', async () => {
    await seedWrites(tendril, [failedCreate('3kqe2e0000002', `3kqe2e${Date.now().toString(36)}b`)])
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="signed-in"]')
    await tendril.click(popup, '[data-testid="sign-out"]')
    await popup.waitForSelector('[data-testid="unsaved-writes"]')
    expect(await popup.$eval('[data-testid="unsaved-writes"] p', (el) => el.textContent)).toBe(
      '1 change of this account is not saved to your server yet. Signing out now drops it.',
    )
    await tendril.click(popup, '[data-testid="sign-out-keep-writes"]')
    expect(await popup.$('[data-testid="unsaved-writes"]')).toBeNull()
    expect(await popup.$('[data-testid="signed-in"]')).not.toBeNull()
    expect(await storedWriteIds(tendril)).toEqual(['3kqe2e0000002']) // (closes the popup)

    const again = await tendril.openPopup(page)
    await tendril.click(again, '[data-testid="sign-out"]')
    await again.waitForSelector('[data-testid="sign-out-drop-writes"]')
    await tendril.click(again, '[data-testid="sign-out-drop-writes"]')
    await again.waitForSelector('[data-testid="signed-out"]')
    await eventually(async () => ((await storedWriteIds(tendril)).length === 0 ? true : undefined), 'the dropped write to leave the journal')
  })
})
