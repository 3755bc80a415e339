import { describe, expect, it, vi } from 'vitest'
import type { SourcePageView } from '../../../lib/backlinks/views'
import { createBacklinkHandlers, type BacklinkHandlerDeps } from '../../../lib/worker/backlink-handlers'

const POST = 'https://bsky.app/profile/did:plc:ada/post/3lpost'
const EPRINT = 'at://did:plc:chive/pub.chive.eprint.submission/3e1'
const eprint = { uri: EPRINT, title: 'T', pageUrl: 'https://chive.pub/eprints/x' }
const offered: SourcePageView = { url: POST, sourceUri: 'at://did:plc:ada/app.bsky.feed.post/3lpost', site: 'bluesky', own: false, signedIn: true, citations: [{ eprint, sourceType: 'bluesky.post', state: 'offered' }], offerSetup: false }
const content = { kind: 'content-script' as const, tabId: 7, tabUrl: POST }

function setup(view: SourcePageView | null = offered) {
  const deps = {
    pages: { view: vi.fn(async () => view), add: vi.fn(async () => ({ kind: 'entered' as const, eprint })), dismiss: vi.fn(async () => ({ kind: 'dismissed' as const })) },
    eprintBacklinks: vi.fn(async () => ({ eprint, counts: { total: 0, blueskyPosts: 0, blueskyEmbeds: 0, whitewindBlogs: 0, leafletLists: 0, cosmikCollections: 0, other: 0 }, backlinks: [] })),
    createdList: { list: vi.fn(async () => []) },
    created: { get: vi.fn(async () => undefined) },
    service: { remove: vi.fn() },
    eprints: { cached: (uri: string) => ({ uri, title: 'x', pageUrl: 'y' }) },
    resolveHandle: vi.fn(async () => 'did:plc:ada'),
    tabUrl: vi.fn(async () => POST),
    openSetup: vi.fn(async () => undefined),
    suggestions: vi.fn(),
  }
  return { deps, handlers: createBacklinkHandlers(deps as unknown as BacklinkHandlerDeps) }
}

describe('backlink handlers', () => {
  it('a content script’s add is about the tab’s address as the browser reports it, never a page’s', async () => {
    const { deps, handlers } = setup()
    await handlers['backlinks.add']({ type: 'backlinks.add', eprint: EPRINT }, content)
    expect(deps.pages.add).toHaveBeenCalledWith(POST, EPRINT)
    await expect(handlers['backlinks.add']({ type: 'backlinks.add', eprint: EPRINT }, { kind: 'content-script' })).rejects.toMatchObject({ code: 'NotASourcePage' })
  })

  it('the popup over an eprint page (handle-based address) gets what Chive reports; over a bud page, nothing', async () => {
    const { deps, handlers } = setup()
    deps.tabUrl.mockResolvedValueOnce('https://chive.pub/eprints/at%3A%2F%2Fada.test%2Fpub.chive.eprint.submission%2F3e1')
    expect(await handlers['backlinks.tab']({ type: 'backlinks.tab', tabId: 3 }, { kind: 'extension-page' })).toMatchObject({ kind: 'eprint' })
    expect(deps.eprintBacklinks).toHaveBeenCalledWith('at://did:plc:ada/pub.chive.eprint.submission/3e1')
    deps.tabUrl.mockResolvedValueOnce('https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2k2a')
    expect(await handlers['backlinks.tab']({ type: 'backlinks.tab', tabId: 3 }, { kind: 'extension-page' })).toEqual({ kind: 'none' })
  })

  it('undo of a backlink Tendril has no record of creating removes nothing, and says so', async () => {
    const { deps, handlers } = setup()
    await expect(handlers['backlinks.remove']({ type: 'backlinks.remove', did: 'did:plc:reader', sourceUri: offered.sourceUri }, { kind: 'extension-page' })).rejects.toMatchObject({ code: 'BacklinkNotFound' })
    expect(deps.service.remove).not.toHaveBeenCalled()
  })
})
