import type { Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { budPageUrl } from '../../lib/sites/branchline.ts'
import { budRef, clearBookmarks, listBookmarks, writeBookmark } from '../setup/repo.ts'
import { useSandbox } from '../setup/sandbox.ts'
import { signInThroughPopup } from './harness/sign-in.ts'
import { eventually, launchTendril, type Tendril } from './harness/tendril.ts'

// The popup's bookmarks, in the real popup: bookmarks made "on another device" (straight to the
// PDS, before Tendril signs in) appear at sign-in — including one on a bud that is gone, one deep in
// a branch Tendril never visited and two on one thread — and the popup bookmarks the current bud,
// removes one from the list and undoes it.
describe('bookmarks in the popup', () => {
  const sandbox = useSandbox()
  const reader = sandbox.seed.reader
  const { demo, deepBranch, siblings } = sandbox.seed.buds
  const storyB = sandbox.seed.stories[1]!.root
  const now = () => new Date().toISOString()
  let tendril: Tendril
  let page: Page

  const items = (popup: Page) =>
    popup.$$eval('[data-testid="bookmark"]', (els) => els.map((el) => `${el.getAttribute('data-state')}: ${el.textContent!.replace(/\s+/g, ' ').replace(' Remove', '').trim()}`))

  beforeAll(async () => {
    await clearBookmarks(sandbox.pdsUrl, reader)
    const leaf = await budRef(sandbox.pdsUrl, deepBranch.leaf)
    const root = await budRef(sandbox.pdsUrl, deepBranch.root)
    const sibling = await budRef(sandbox.pdsUrl, siblings[1])
    const record = (subject: { uri: string; cid: string }, createdAt = now()) => ({ $type: 'ink.branchline.bookmark', subject, createdAt })
    await writeBookmark(sandbox.pdsUrl, reader, record(leaf, '2026-01-03T00:00:00.000Z'))
    await writeBookmark(sandbox.pdsUrl, reader, record(root, '2026-01-02T00:00:00.000Z')) // on the leaf's thread: two on one
    await writeBookmark(sandbox.pdsUrl, reader, record(sibling, '2026-01-01T00:00:00.000Z'))
    const gone = { uri: `${deepBranch.root.slice(0, deepBranch.root.lastIndexOf('/'))}/3kzzzzzzzzz2a`, cid: root.cid }
    await writeBookmark(sandbox.pdsUrl, reader, record(gone, '2026-01-04T00:00:00.000Z'))
    await writeBookmark(sandbox.pdsUrl, reader, { $type: 'ink.branchline.bookmark', subject: 'not a strong ref', createdAt: now() }).catch(() => undefined)
    tendril = await launchTendril({ extensionPath: inject('extensionPath'), sandbox })
    page = await tendril.openPage(budPageUrl(storyB)!)
    await signInThroughPopup(tendril, page, reader)
  })
  afterAll(async () => {
    await tendril?.send({ type: 'auth.signOut', did: reader.did, discardWrites: true }).catch(() => undefined)
    await tendril?.close()
    await clearBookmarks(sandbox.pdsUrl, reader).catch(() => undefined)
  })

  it('lists bookmarks made elsewhere by story, with where each is; a gone bud is marked; two on one thread are pointed out', async () => {
    const popup = await tendril.openPopup(page)
    await popup.waitForSelector('[data-testid="bookmark-story"]', { timeout: 20_000 })
    const list = await eventually(async () => {
      const now = await items(popup)
      return now.length === 4 ? now : undefined
    }, 'four bookmarks listed')
    expect(list.find((t) => t.startsWith('gone:'))).toMatch(/gone/)
    expect(list.find((t) => t.includes(`bud ${deepBranch.depth}`))).toMatch(/shares a thread with another bookmark/)
    expect(list.find((t) => t.includes('bud 1 '))).toMatch(/shares a thread/)
    expect(await popup.$eval('[data-testid="bookmarks-public"]', (el) => el.textContent)).toMatch(/public records/)
    // The malformed record written "elsewhere" is counted, not listed.
    expect(await popup.$eval('[data-testid="bookmarks-skipped"]', (el) => el.textContent!.replace(/\s+/g, ' '))).toBe('1 record among your bookmarks is not a bookmark Tendril can read; left as it is.')
    expect(await popup.$eval('[data-testid="bookmark-shortcut"]', (el) => el.textContent)).toMatch(/Change it/)
    await popup.close()
  })

  it('a bookmark made elsewhere deep in a branch never visited: bookmarking an ancestor near it moves that one (same rkey)', async () => {
    const branch = (await (await fetch(`${sandbox.branchlineUrl}/xrpc/ink.branchline.getBranch?bud=${encodeURIComponent(deepBranch.leaf)}`)).json()) as { buds: string[] }
    const near = branch.buds[149]! // depth 150: 60 from the leaf's bookmark, 149 from the root's
    const leafMark = (await listBookmarks(sandbox.pdsUrl, reader.did)).find((b) => b.subject.uri === deepBranch.leaf)!
    const tab = await tendril.openPage(budPageUrl(near)!)
    const popup = await tendril.openPopup(tab)
    const button = await popup.waitForSelector('[data-testid="current-bud-bookmark"] button')
    expect(await button!.evaluate((b) => b.textContent)).toBe(`Move bookmark here (now at bud ${deepBranch.depth})`)
    await button!.click()
    await eventually(async () => ((await listBookmarks(sandbox.pdsUrl, reader.did)).find((b) => b.rkey === leafMark.rkey)?.subject.uri === near ? true : undefined), 'the leaf’s bookmark moved')
    await popup.close()
    await tab.close()
  })

  it('bookmarks the tab’s bud from the popup’s button, then removes one from the list and undoes it', async () => {
    let popup = await tendril.openPopup(page)
    const button = await popup.waitForSelector('[data-testid="current-bud-bookmark"] button')
    expect(await button!.evaluate((b) => b.textContent)).toBe('Bookmark this bud')
    await button!.click()
    await popup.waitForSelector('[data-testid="bookmark-said"]')
    expect(await popup.$eval('[data-testid="bookmark-said"]', (el) => el.textContent)).toMatch(/^Bookmarked\./)
    await eventually(async () => ((await listBookmarks(sandbox.pdsUrl, reader.did)).some((b) => b.subject.uri === storyB) ? true : undefined), 'the bookmark at the PDS')

    await popup.close()
    popup = await tendril.openPopup(page)
    await eventually(async () => ((await items(popup)).length === 5 ? true : undefined), 'five listed')
    const before = (await listBookmarks(sandbox.pdsUrl, reader.did)).length
    const gone = (await popup.$$('[data-testid="bookmark"][data-state="gone"] [data-testid="bookmark-remove"]'))[0]!
    await gone.click()
    await eventually(async () => ((await listBookmarks(sandbox.pdsUrl, reader.did)).length === before - 1 ? true : undefined), 'the gone bud’s bookmark removed')
    await popup.waitForSelector('[data-testid="bookmark-undo"]')
    await popup.click('[data-testid="bookmark-undo"]')
    await eventually(async () => ((await listBookmarks(sandbox.pdsUrl, reader.did)).length === before ? true : undefined), 'the removal undone')
    expect(demo).toBeDefined()
  })
})
