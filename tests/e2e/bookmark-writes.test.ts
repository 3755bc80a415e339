import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { clearBookmarks, listBookmarks } from '../setup/repo.ts'
import { control, useSandbox } from '../setup/sandbox.ts'
import { clickLikeAPerson, controlFor, lookOf, toastText } from './harness/shell.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

declare const chrome: { commands: { onCommand: { dispatch(command: string, tab: object): void } }; tabs: { get(id: number): Promise<object> } }

// Bookmark clicks through the write journal when things go wrong: the PDS holds the write while
// Chromium stops the worker; two tabs click the same bud while the first write is still held.
// Either way the PDS ends with exactly one bookmark.
describe('bookmark writes that wait', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  const { siblings, cousins } = sandbox.seed.buds
  let tendril: Tendril

  const on = async (uri: string) => (await listBookmarks(sandbox.pdsUrl, reader.did)).filter((b) => b.subject.uri === uri)

  beforeAll(async () => {
    await clearBookmarks(sandbox.pdsUrl, reader)
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    const page = await tendril.openPage(budPageUrl(siblings[0])!)
    await signInThroughPopup(tendril, page, reader)
    await page.close()
  })
  afterEach(async () => {
    await control('POST', '/faults/reset')
  })
  afterAll(async () => {
    await tendril?.send({ type: 'auth.signOut', did: reader.did, discardWrites: true }).catch(() => undefined)
    await tendril?.close()
    await clearBookmarks(sandbox.pdsUrl, reader).catch(() => undefined)
  })

  it('a click whose write the PDS holds, then the worker stopped: exactly one bookmark once it wakes', async () => {
    const page = await tendril.openPage(budPageUrl(siblings[0])!)
    await control('POST', '/faults/pds/hold')
    await clickLikeAPerson(page, await controlFor(page, siblings[0]))
    await eventually(async () => ((await control<{ pds: { heldNow: number } }>('GET', '/faults')).pds.heldNow > 0 ? true : undefined), 'the write held at the PDS')
    await tendril.stopWorker()
    await control('POST', '/faults/pds/release')
    // Whatever the held request did, the journal (woken by its alarm or the next message) ends with one.
    await eventually(async () => ((await tendril.send({ type: 'writes.list' })) as { value?: unknown[] }).value?.length === 0 ? true : undefined, 'the journal to empty', 60_000)
    expect(await on(siblings[0])).toHaveLength(1)
    await page.close()
  })

  it('a second tab bookmarks the same bud while the first tab’s write is still held: one bookmark', async () => {
    const first = await tendril.openPage(budPageUrl(cousins[1])!)
    const second = await tendril.openPage(budPageUrl(cousins[1])!)
    await control('POST', '/faults/pds/hold')
    await clickLikeAPerson(first, await controlFor(first, cousins[1]))
    await eventually(async () => ((await control<{ pds: { heldNow: number } }>('GET', '/faults')).pds.heldNow > 0 ? true : undefined), 'the first write held')
    // The second tab asks with the keyboard command (which always means "bookmark this bud"): the
    // worker decides while the first write is unsent, sees it, and writes nothing more.
    const tabId = await tendril.tabIdOf(second)
    const target = await tendril.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${tendril.extensionId}/`))
    const worker = (await target.worker())!
    await worker.evaluate(async (id) => chrome.commands.onCommand.dispatch('bookmark-bud', await chrome.tabs.get(id)), tabId)
    await eventually(async () => ((await toastText(second)).startsWith('Already bookmarked') ? true : undefined), 'the second tab told it is already bookmarked')
    await control('POST', '/faults/pds/release')
    await eventually(async () => ((await tendril.send({ type: 'writes.list' })) as { value?: unknown[] }).value?.length === 0 ? true : undefined, 'the journal to empty', 30_000)
    expect(await on(cousins[1])).toHaveLength(1)
    expect((await control<{ pds: { totals: { held: number } } }>('GET', '/faults')).pds.totals.held).toBe(1)
    expect((await lookOf(first, await controlFor(first, cousins[1]))).pressed).toBe('true')
  })
})
