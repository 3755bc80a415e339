import type { Page } from 'puppeteer-core'
import { IdResolver } from '@atproto/identity'
import { createChiveClient } from '../lib/appview/chive-client.ts'
import { createEprintInfo } from '../lib/backlinks/eprint-info.ts'
import { createOnChive } from '../lib/backlinks/on-chive.ts'
import { createSourceReader, type SourcePage } from '../lib/backlinks/source-record.ts'
import { createPdsLocator } from '../lib/identity/pds-of.ts'
import { detectPage } from '../lib/sites/index.ts'
import { isExtensionRequest } from '../tests/e2e/hostile/attribution.ts'
import type { Tendril } from '../tests/e2e/harness/tendril.ts'
import type { RecordedRequest } from '../tests/sandbox/request-log.ts'
import type { SandboxReady, SeedSource } from '../tests/sandbox/types.ts'

// Requests from page load to a verified backlink suggestion, counted at the sandbox's servers (the
// request log, GET /requests, and Chive's own counters, GET /chive/counters): Chromium with the
// sandbox build, the reader signed in (bench/worker.ts did it), a writer's post on bsky.app that
// cites eprints, then a writer's Leaflet document. Each page is opened in a new tab and the bench
// waits for the prompt (`tendril-ui[data-tendril="backlink-prompt"]`), then for the extension's
// requests to settle. Only the extension's requests count (tests/e2e/hostile/attribution.ts: its
// Origin, or `Sec-Fetch-Site: none` for hosts it holds permission for); the page server's own reads
// of the PDS to render the page, and the stand-ins' copies of proxied requests, do not.
// Every request is printed with why it is needed. Then the same page again in a new tab, within a
// minute: the worker keeps an examination for a minute (lib/backlinks/source-pages.ts), so nothing.
//
// The naive baseline, measured in the same run in Node with the worker's own lib/ modules and a
// counting fetch: the content script's question and the tab's navigation each examine the page on
// their own (no shared examination, no identity cache between them), and Chive's list is asked
// unfiltered (no sourceType), every page of it. Its second visit costs as much as its first.

export const PROMPT = 'tendril-ui[data-tendril="backlink-prompt"]'

export interface CountedRequest {
  /** `PDS getRecord app.bsky.feed.post`, `Chive backlink.list`, … */
  endpoint: string
  count: number
  why: string
}

export interface BacklinkVisit {
  label: string
  url: string
  cites: number
  handleUrl: boolean
  /** Page load (navigation start) → prompt in the DOM, wall time seen from the bench. */
  promptMs: number
  cold: CountedRequest[]
  warm: CountedRequest[]
  /** Chive's own counters for the cold and warm visit (requests per NSID reaching the stand-in). */
  chiveCold: number
  chiveWarm: number
  naive: { perVisit: number; chive: number; pds: number; plc: number }
}

async function requestLog(ready: SandboxReady, since: number): Promise<{ requests: RecordedRequest[]; next: number }> {
  const res = await fetch(new URL(`/requests?since=${since}`, ready.controlUrl))
  if (!res.ok) throw new Error(`the sandbox's request log answered ${res.status}`)
  return (await res.json()) as { requests: RecordedRequest[]; next: number }
}

async function chiveCount(ready: SandboxReady, reset = false): Promise<number> {
  if (reset) {
    const r = await fetch(new URL('/chive/counters/reset', ready.controlUrl), { method: 'POST' })
    if (!r.ok) throw new Error(`/chive/counters/reset answered ${r.status}`)
    return 0
  }
  const res = await fetch(new URL('/chive/counters', ready.controlUrl))
  const { counters } = (await res.json()) as { counters: Record<string, number> }
  return Object.values(counters).reduce((a, b) => a + b, 0)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The extension's requests since `since`, once none has arrived for `quietMs`. */
async function settledRequests(ready: SandboxReady, since: number, origin: string, quietMs = 1500, maxMs = 15_000): Promise<RecordedRequest[]> {
  const deadline = Date.now() + maxMs
  let last = -1
  let quietSince = Date.now()
  for (;;) {
    const mine = (await requestLog(ready, since)).requests.filter((r) => isExtensionRequest(r, origin))
    if (mine.length !== last) {
      last = mine.length
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= quietMs || Date.now() > deadline) return mine
    await sleep(100)
  }
}

/** Names and justifies each request (grouped by endpoint and reason). */
function explain(requests: RecordedRequest[], ctx: { source: SeedSource; ready: SandboxReady }): CountedRequest[] {
  const sourceDid = ctx.source.uri.split('/')[2]!
  const eprintAuthors = new Set(ctx.source.cites.map((u) => u.split('/')[2]!))
  const roleOf = (did: string) =>
    [did === sourceDid ? "the source's author" : '', eprintAuthors.has(did) ? 'a cited eprint\'s author' : ''].filter(Boolean).join(' and ') ||
    (did === ctx.ready.seed.reader.did ? 'the reader' : 'someone else')
  const groups = new Map<string, CountedRequest>()
  const add = (endpoint: string, why: string) => {
    const key = `${endpoint}\u0000${why}`
    const g = groups.get(key) ?? { endpoint, why, count: 0 }
    g.count++
    groups.set(key, g)
  }
  const plcHost = new URL(ctx.ready.plcUrl).host
  const pdsHost = new URL(ctx.ready.pdsUrl).host
  for (const r of requests) {
    const url = new URL(r.path, 'https://x.invalid')
    const q = url.searchParams
    const pre = r.method === 'OPTIONS' ? 'CORS preflight of ' : ''
    if (r.host === plcHost || r.service === 'plc') {
      const did = decodeURIComponent(url.pathname.slice(1))
      add(`PLC ${r.method} /<did>`, `${pre}DID document of ${roleOf(did)}: where its PDS is (not cached yet)`)
    } else if (r.host === pdsHost || r.service === 'pds') {
      const nsid = url.pathname.replace(/^\/xrpc\//, '')
      if (nsid === 'com.atproto.repo.getRecord') {
        const collection = q.get('collection') ?? '?'
        const why =
          collection === 'pub.chive.eprint.submission'
            ? "the cited eprint's record at its PDS: does it exist, its title"
            : collection === 'site.standard.document'
              ? 'the document as site.standard.document, Leaflet\'s first choice: not there (404), so next'
              : `the source record at its author's PDS: the verification (${collection})`
        add(`PDS getRecord ${collection}`, pre + why)
      } else if (nsid === 'com.atproto.identity.resolveHandle') {
        add('PDS identity.resolveHandle', `${pre}the handle in the page URL (or a link) → DID`)
      } else add(`PDS ${nsid}`, `${pre}not part of the backlink (the reader's session, say)`)
    } else if (r.host === 'chive.pub' || r.host === 'api.chive.pub') {
      const nsid = url.pathname.replace(/^\/xrpc\//, '')
      if (nsid === 'pub.chive.backlink.list') {
        const filtered = q.get('sourceType') ? `, filtered to ${q.get('sourceType')}` : ', UNFILTERED'
        add('Chive backlink.list', `${pre}is this source already on Chive, per cited eprint${filtered}${q.get('cursor') ? ' (a further page)' : ''}`)
      } else add(`Chive ${nsid}`, `${pre}not part of the suggestion`)
    } else add(`${r.host} ${url.pathname}`, `${pre}not part of the backlink`)
  }
  return [...groups.values()]
}

/** The naive examination of `source`: fresh caches, Chive unfiltered; requests counted by kind. */
async function naiveExamine(ready: SandboxReady, source: SeedSource): Promise<{ chive: number; pds: number; plc: number }> {
  const n = { chive: 0, pds: 0, plc: 0 }
  const counted: typeof fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input)
    if (url.startsWith(ready.plcUrl)) n.plc++
    else if (url.startsWith(ready.chiveUrl)) n.chive++
    else n.pds++
    return fetch(input, init)
  }
  const idResolver = new IdResolver({ plcUrl: ready.plcUrl, fetch: counted as never })
  const pdsOf = createPdsLocator({ resolve: async (did) => ({ didDoc: (await idResolver.did.resolve(did)) as never }) })
  const resolveHandle = async (handle: string) => {
    const res = await counted(`${ready.pdsUrl}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`)
    return ((await res.json()) as { did: string }).did
  }
  const reader = createSourceReader({ pdsOf, resolveHandle, fetch: counted })
  const chive = createChiveClient({ baseUrl: ready.chiveUrl, fetch: counted })
  // Unfiltered: every backlink of the eprint, whatever its source's type, every page of it.
  const onChive = createOnChive({ chive: { list: (uri, o) => chive.list(uri, { cursor: o?.cursor, limit: o?.limit }) }, maxPages: 1000 })
  const eprints = createEprintInfo({ pdsOf, fetch: counted })
  const page = detectPage(source.pageUrl) as SourcePage
  const finding = await reader.read(page)
  if (!finding) throw new Error(`bench: the naive read found no record at ${source.pageUrl}`)
  for (const c of finding.citations) {
    await onChive.check(finding.sourceUri, c.eprint, c.sourceType)
    await eprints.get(c.eprint)
  }
  return n
}

export async function benchBacklinks(tendril: Tendril, ready: SandboxReady, progress: (msg: string) => void): Promise<BacklinkVisit[]> {
  const origin = `chrome-extension://${tendril.extensionId}`
  const writerSource = (site: RegExp) => {
    const s = ready.seed.sources.find((x) => x.owner === 'writer' && site.test(x.pageUrl) && x.cites.length > 0)
    if (!s) throw new Error(`bench: the seed has no writer's source at ${site}`)
    return s
  }
  // The post citing the most eprints, to show the per-eprint costs.
  const bsky = ready.seed.sources
    .filter((x) => x.owner === 'writer' && /^https:\/\/bsky\.app\//.test(x.pageUrl))
    .sort((a, b) => b.cites.length - a.cites.length)[0] ?? writerSource(/^https:\/\/bsky\.app\//)
  const leaflet = writerSource(/^https:\/\/leaflet\.pub\//)
  const visits: BacklinkVisit[] = []
  for (const [label, source] of [['Bluesky post', bsky], ['Leaflet document', leaflet]] as const) {
    progress(`${label}: ${source.pageUrl} (${source.cites.length} cited)`)
    const visit = async () => {
      await chiveCount(ready, true)
      const since = (await requestLog(ready, 0)).next
      const page: Page = await tendril.browser.newPage()
      const t = performance.now()
      await page.goto(source.pageUrl, { waitUntil: 'domcontentloaded' })
      await page.waitForSelector(PROMPT, { timeout: 30_000 })
      const promptMs = performance.now() - t
      const requests = await settledRequests(ready, since, origin)
      const chive = await chiveCount(ready)
      return { page, promptMs, requests, chive }
    }
    const cold = await visit()
    const warm = await visit()
    await cold.page.close()
    await warm.page.close()
    const naiveRuns = [await naiveExamine(ready, source), await naiveExamine(ready, source)]
    const sum = (k: 'chive' | 'pds' | 'plc') => naiveRuns.reduce((a, r) => a + r[k], 0)
    visits.push({
      label,
      url: source.pageUrl,
      cites: source.cites.length,
      handleUrl: !/\/did:/.test(source.pageUrl),
      promptMs: cold.promptMs,
      cold: explain(cold.requests, { source, ready }),
      warm: explain(warm.requests, { source, ready }),
      chiveCold: cold.chive,
      chiveWarm: warm.chive,
      naive: { perVisit: sum('chive') + sum('pds') + sum('plc'), chive: sum('chive'), pds: sum('pds'), plc: sum('plc') },
    })
  }
  return visits
}

