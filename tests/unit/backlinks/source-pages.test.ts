import { describe, expect, it, vi } from 'vitest'
import type { Examined } from '../../../lib/backlinks/backlink-service'
import type { CreatedBacklinkRow } from '../../../lib/backlinks/created-store'
import { ANNOUNCE_MS, createSourcePages, offeredCount } from '../../../lib/backlinks/source-pages'
import type { SourceFinding } from '../../../lib/backlinks/source-record'
import type { OnChive } from '../../../lib/backlinks/on-chive'
import type { WriteEntry } from '../../../lib/writes/entry'

const READER = 'did:plc:reader'
const ADA = 'did:plc:ada'
const E1 = 'at://did:plc:chive/pub.chive.eprint.submission/3e1'
const E2 = 'at://did:plc:chive/pub.chive.eprint.submission/3e2'
const GONE = 'at://did:plc:chive/pub.chive.eprint.submission/3gone'
const postUrl = (did: string) => `https://bsky.app/profile/${did}/post/3lpost`
const sourceUri = (did: string) => `at://${did}/app.bsky.feed.post/3lpost`

function setup(options: {
  author?: string
  cites?: string[]
  onChive?: Record<string, OnChive>
  chiveError?: unknown
  activeDid?: string | null
  automatic?: boolean
  chosen?: boolean
  unlisted?: boolean
  now?: () => number
}) {
  const author = options.author ?? READER
  const finding: SourceFinding = {
    sourceUri: sourceUri(author),
    did: author,
    citations: (options.cites ?? [E1]).map((eprint) => ({ eprint, sourceType: 'bluesky.post' as const, context: 'see', ...(options.unlisted ? { unlistedOnly: true as const } : {}) })),
  }
  const journal: WriteEntry[] = []
  const rows: CreatedBacklinkRow[] = []
  const dismissed = new Set<string>()
  const examine = vi.fn(async (): Promise<Examined> => ({
    finding,
    onChive: new Map(finding.citations.map((c) => [c.eprint, options.onChive?.[c.eprint] ?? 'absent'])),
    ...(options.chiveError ? { chiveError: options.chiveError } : {}),
  }))
  const create = vi.fn(async (did: string, f: SourceFinding, citation: { eprint: string }, label: string, opts: { automatic?: boolean } = {}) => {
    journal.push({ id: String(journal.length), did, feature: opts.automatic ? 'backlink.auto' : 'backlink', label, status: 'pending', op: { kind: 'service', service: 'chive', nsid: 'pub.chive.backlink.create', key: f.sourceUri, input: { sourceUri: f.sourceUri, targetUri: citation.eprint, sourceType: 'bluesky.post' } } } as unknown as WriteEntry)
    return { kind: 'entered' as const }
  })
  const pages = createSourcePages({
    service: { examine, create },
    eprints: {
      get: async (uri) => (uri === GONE ? undefined : { uri, title: `Title of ${uri.slice(-3)}`, pageUrl: `https://chive.pub/eprints/${encodeURIComponent(uri)}` }),
      cached: (uri) => ({ uri, title: 'an eprint on Chive', pageUrl: '' }),
    },
    created: {
      bySource: async (uris) => new Map(rows.filter((r) => uris.includes(r.sourceUri)).map((r) => [r.sourceUri, r])),
      dismiss: async (s, e) => void dismissed.add(`${s} ${e}`),
      dismissed: async (s, es) => new Set(es.filter((e) => dismissed.has(`${s} ${e}`))),
    },
    journal: { list: async () => journal },
    settings: { get: async () => ({ autoBacklink: options.automatic ?? false, autoBacklinkChosen: options.chosen ?? options.automatic !== undefined }) },
    activeDid: async () => (options.activeDid === undefined ? READER : options.activeDid),
    ...(options.now ? { now: options.now } : {}),
  })
  return { pages, examine, create, journal, rows, url: postUrl(author) }
}

describe('a source page as the worker sees it', () => {
  it('a page that shows no source record is not examined at all', async () => {
    const { pages, examine } = setup({})
    expect(await pages.view('https://bsky.app/profile/did:plc:reader')).toBeNull()
    expect(await pages.view('https://example.org/profile/did:plc:reader/post/3lpost')).toBeNull()
    expect(examine).not.toHaveBeenCalled()
  })

  it('someone else’s citing post is offered, never created on its own', async () => {
    const { pages, create, url } = setup({ author: ADA, automatic: true })
    const view = await pages.view(url)
    expect(view?.own).toBe(false)
    expect(view?.citations.map((c) => [c.eprint.title, c.state])).toEqual([['Title of 3e1', 'offered']])
    expect(offeredCount(view)).toBe(1)
    expect(create).not.toHaveBeenCalled()
  })

  it('the reader’s own post, with "Always" chosen, is created once, marked automatic', async () => {
    const { pages, create, url } = setup({ automatic: true })
    const first = await pages.view(url)
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]![4]).toEqual({ automatic: true })
    expect(first?.citations[0]).toMatchObject({ state: 'added', automatic: true })
    expect(offeredCount(first)).toBe(0)
    // A second look soon after (the content script's, racing the worker's own) still says so.
    const again = await pages.view(url)
    expect(create).toHaveBeenCalledTimes(1)
    expect(again?.citations[0]).toMatchObject({ state: 'added', automatic: true })
  })

  it('an automatic backlink is announced for a while, then shown as added like any other', async () => {
    let now = 1_000_000
    const { pages, url } = setup({ automatic: true, now: () => now })
    expect((await pages.view(url))?.citations[0]).toMatchObject({ state: 'added', automatic: true })
    now += ANNOUNCE_MS + 1
    pages.forget(url)
    const later = (await pages.view(url))?.citations[0]
    expect(later?.state).toBe('added')
    expect(later?.automatic).toBeUndefined()
  })

  it('own but "Ask each time": offered, with the setup offer only until the reader chose', async () => {
    const unchosen = setup({ chosen: false })
    expect(await unchosen.pages.view(unchosen.url)).toMatchObject({ own: true, offerSetup: true })
    expect(unchosen.create).not.toHaveBeenCalled()
    const ask = setup({ automatic: false, chosen: true })
    expect(await ask.pages.view(ask.url)).toMatchObject({ own: true, offerSetup: false })
    expect(ask.create).not.toHaveBeenCalled()
  })

  it('nothing automatic when Chive could not be asked, when the record cites two eprints, or when it is unlisted', async () => {
    const busy = setup({ automatic: true, onChive: { [E1]: 'unknown' }, chiveError: new Error('busy') })
    const view = await busy.pages.view(busy.url)
    expect(view?.chiveNote).toMatch(/could not check whether Chive already lists this page/)
    const two = setup({ automatic: true, cites: [E1, E2] })
    expect((await two.pages.view(two.url))?.citations.map((c) => c.state)).toEqual(['offered', 'offered'])
    const unlisted = setup({ automatic: true, unlisted: true })
    expect(await unlisted.pages.view(unlisted.url)).toMatchObject({ unlisted: true })
    expect([busy, two, unlisted].map((s) => s.create.mock.calls.length)).toEqual([0, 0, 0])
  })

  it('a source Chive already lists for one eprint says that adding another replaces it', async () => {
    const { pages, url } = setup({ author: ADA, cites: [E1, E2], onChive: { [E1]: 'present' } })
    const view = await pages.view(url)
    expect(view?.citations.map((c) => c.state)).toEqual(['on-chive', 'offered'])
    expect(view?.replaces?.uri).toBe(E1)
  })

  it('a citation of an eprint whose record does not exist is not offered', async () => {
    const { pages, url } = setup({ author: ADA, cites: [GONE, E1] })
    expect((await pages.view(url))?.citations.map((c) => c.eprint.uri)).toEqual([E1])
    const only = setup({ author: ADA, cites: [GONE] })
    expect(await only.pages.view(only.url)).toBeNull()
  })

  it('adds only an eprint its own verification found, and says so when signed out', async () => {
    const { pages, create, url } = setup({ author: ADA })
    await expect(pages.add(url, E2)).rejects.toMatchObject({ code: 'NotCited' })
    await expect(pages.add('https://bsky.app/profile/did:plc:ada', E1)).rejects.toMatchObject({ code: 'NotASourcePage' })
    expect(create).not.toHaveBeenCalled()
    expect(await pages.add(url, E1)).toMatchObject({ kind: 'entered', eprint: { uri: E1 } })
    expect(create).toHaveBeenCalledTimes(1)
    expect(create.mock.calls[0]![4]?.automatic).toBeUndefined()
    const out = setup({ author: ADA, activeDid: null })
    expect(await out.pages.add(out.url, E1)).toEqual({ kind: 'signed-out' })
    expect(out.create).not.toHaveBeenCalled()
  })

  it('"Not now" is remembered for the source: not offered again', async () => {
    const { pages, url } = setup({ author: ADA, cites: [E1, E2] })
    expect(await pages.dismiss(url)).toEqual({ kind: 'dismissed' })
    const view = await pages.view(url)
    expect(view?.citations.map((c) => c.state)).toEqual(['dismissed', 'dismissed'])
    expect(offeredCount(view)).toBe(0)
  })

  it('one examination serves questions asked at once and within a minute', async () => {
    const { pages, examine, url } = setup({ author: ADA })
    await Promise.all([pages.view(url), pages.view(url), pages.view(`${url}#reply`)])
    await pages.view(url)
    expect(examine).toHaveBeenCalledTimes(1)
  })
})

describe('taking back "Always"', () => {
  it('drops the automatic backlinks not sent yet, and nothing the reader clicked for', async () => {
    const { dropUnsentAutomatic } = await import('../../../lib/backlinks/backlink-service')
    const entries = [
      { id: 'a', feature: 'backlink.auto', status: 'pending' },
      { id: 'b', feature: 'backlink', status: 'pending' },
      { id: 'c', feature: 'backlink.auto', status: 'failed' },
      { id: 'd', feature: 'backlink.auto', status: 'conflict' },
      { id: 'e', feature: 'bookmark', status: 'pending' },
    ] as WriteEntry[]
    const discarded: string[] = []
    expect(await dropUnsentAutomatic({ list: async () => entries, discard: async (id) => void discarded.push(id) })).toBe(2)
    expect(discarded).toEqual(['a', 'c'])
  })
})
