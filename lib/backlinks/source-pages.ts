import { NotASourcePageError, NotCitedError, describeError } from '../errors'
import { detectPage } from '../sites'
import { withoutFragment } from '../sites/url'
import type { Journal } from '../writes/journal'
import type { WriteEntry } from '../writes/entry'
import { isBacklinkFeature, type BacklinkService, type Examined } from './backlink-service'
import type { CreatedBacklinks } from './created-store'
import { decideBacklink } from './decide'
import type { EprintInfo } from './eprint-info'
import type { SourcePage } from './source-record'
import type { Citation } from './verify'
import type { BacklinkReply, CitationState, EprintView, SourcePageView } from './views'

// A source page (Bluesky post, WhiteWind entry, Leaflet document) as the worker sees it: the URL
// the browser reports names the record; the record is read at its author's PDS and verified; Chive
// is asked whether each cited eprint already lists it; the eprints' titles come from their own
// records. From that, one decision (decide.ts): nothing, "on Chive", a suggestion, or — for the
// reader's own record, once they chose "Always" — a backlink created without a click.
//
// What the page itself says is never read here. An examination is kept for a minute per address
// (one for the worker's look at the tab, the prompt's question and the popup), and two questions
// at once share one examination.

export const EXAMINE_KEEP_MS = 60_000
/** How long a backlink Tendril created on its own is announced on its page (the worker's look at the
 * tab and the prompt's own question race; whichever comes second must say it too). */
export const ANNOUNCE_MS = 2 * 60_000

interface Examination extends Examined {
  /** The cited eprints whose records exist, with their titles (a citation of an eprint that does
   * not exist is never offered). */
  eprints: Map<string, EprintView>
  site: SourcePage['site']
  at: number
}

export interface SourcePagesDeps {
  service: Pick<BacklinkService, 'examine' | 'create'>
  eprints: Pick<EprintInfo, 'get' | 'cached'>
  created: Pick<CreatedBacklinks, 'bySource' | 'dismiss' | 'dismissed'>
  journal: Pick<Journal, 'list'>
  settings: { get(): Promise<{ autoBacklink: boolean; autoBacklinkChosen: boolean }> }
  activeDid(): Promise<string | null>
  now?: () => number
}

const SITE_NOUN: Record<SourcePage['site'], string> = { bluesky: 'post', whitewind: 'blog entry', leaflet: 'document' }

export function createSourcePages(deps: SourcePagesDeps) {
  const now = deps.now ?? Date.now
  const examinations = new Map<string, Examination>()
  const inFlight = new Map<string, Promise<Examination | undefined>>()
  /** Automatic creations to announce, by source: the eprint and until when. */
  const announced = new Map<string, { eprint: string; until: number }>()

  function sourcePageOf(url: string): SourcePage | undefined {
    const page = detectPage(url)
    return page && (page.site === 'bluesky' || page.site === 'whitewind' || page.site === 'leaflet') ? page : undefined
  }

  async function run(page: SourcePage): Promise<Examination | undefined> {
    const examined = await deps.service.examine(page)
    if (!examined) return undefined
    const eprints = new Map<string, EprintView>()
    await Promise.all(
      examined.finding.citations.map(async (c) => {
        // The eprint's PDS unreachable: still offered, under a placeholder title.
        const view = await deps.eprints.get(c.eprint).catch(() => deps.eprints.cached(c.eprint))
        if (view) eprints.set(c.eprint, view)
      }),
    )
    return { ...examined, eprints, site: page.site, at: now() }
  }

  /** The verified examination of the source at `url`, or undefined when `url` shows none. */
  async function examine(url: string, fresh = false): Promise<Examination | undefined> {
    const page = sourcePageOf(url)
    if (!page) return undefined
    const key = withoutFragment(url)
    const kept = examinations.get(key)
    if (!fresh && kept && now() - kept.at < EXAMINE_KEEP_MS) return kept
    let pending = inFlight.get(key)
    if (!pending) {
      pending = run(page).finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    const result = await pending
    if (result) examinations.set(key, result)
    else examinations.delete(key)
    return result
  }

  /** Eprints Tendril has created (or is sending) a backlink to from `sourceUri`, for any account. */
  async function addedFrom(sourceUri: string): Promise<Set<string>> {
    const added = new Set<string>()
    const row = (await deps.created.bySource([sourceUri])).get(sourceUri)
    if (row) added.add(row.eprint)
    for (const entry of await deps.journal.list()) {
      const target = backlinkCreateTarget(entry)
      if (target && entry.op.kind === 'service' && entry.op.key === sourceUri) added.add(target)
    }
    return added
  }

  function labelFor(ex: Examination, eprint: EprintView, own: boolean): string {
    return `Backlink from ${own ? 'your' : 'a'} ${SITE_NOUN[ex.site]} to “${eprint.title}” on Chive`
  }

  async function view(url: string): Promise<SourcePageView | null> {
    const ex = await examine(url)
    if (!ex) return null
    const { finding } = ex
    const citations = finding.citations.filter((c) => ex.eprints.has(c.eprint))
    if (citations.length === 0) return null
    const [did, settings, added, dismissed] = await Promise.all([
      deps.activeDid(),
      deps.settings.get(),
      addedFrom(finding.sourceUri),
      deps.created.dismissed(finding.sourceUri, citations.map((c) => c.eprint)),
    ])
    const own = did !== null && finding.did === did
    const choice = decideBacklink({
      finding: { ...finding, citations },
      onChive: ex.onChive,
      activeDid: did,
      automatic: settings.autoBacklink,
      settled: new Set([...added, ...dismissed]),
    })
    if (choice.kind === 'create' && did) {
      const eprint = ex.eprints.get(choice.citation.eprint)!
      const outcome = await deps.service.create(did, finding, choice.citation, labelFor(ex, eprint, true), { automatic: true })
      if (outcome.kind === 'entered') announced.set(finding.sourceUri, { eprint: choice.citation.eprint, until: now() + ANNOUNCE_MS })
      added.add(choice.citation.eprint)
    }
    const news = announced.get(finding.sourceUri)
    const automatic = news && news.until > now() ? news.eprint : undefined
    const stateOf = (c: Citation): CitationState =>
      added.has(c.eprint) ? 'added' : ex.onChive.get(c.eprint) === 'present' ? 'on-chive' : dismissed.has(c.eprint) ? 'dismissed' : 'offered'
    const replaces = choice.kind === 'suggest' && choice.replaces ? ex.eprints.get(choice.replaces) : undefined
    return {
      url,
      sourceUri: finding.sourceUri,
      site: ex.site,
      own,
      signedIn: did !== null,
      citations: citations.map((c) => ({
        eprint: ex.eprints.get(c.eprint)!,
        sourceType: c.sourceType,
        state: stateOf(c),
        ...(automatic === c.eprint ? { automatic: true } : {}),
      })),
      ...(replaces ? { replaces } : {}),
      offerSetup: own && !settings.autoBacklinkChosen && citations.some((c) => stateOf(c) === 'offered'),
      ...(citations.some((c) => c.unlistedOnly) ? { unlisted: true } : {}),
      ...(ex.chiveError !== undefined ? { chiveNote: `${describeError(ex.chiveError)} Tendril could not check whether Chive already lists this page, so nothing is added automatically.` } : {}),
    }
  }

  return {
    /** What the source page at `url` (the browser's word) offers; null when it is no source page or
     * its record cites nothing Tendril can verify. May create the reader's own backlink (above). */
    view,

    /** A backlink from the source at `url` to `eprint`, asked for by the reader's own gesture (a
     * trusted click on the prompt, the popup, the context menu). Only an eprint Tendril's own
     * verification of that record found; the record is read again if the last read is over a
     * minute old. */
    async add(url: string, eprintUri: string): Promise<BacklinkReply> {
      if (!sourcePageOf(url)) throw new NotASourcePageError()
      const ex = await examine(url)
      const citation = ex?.finding.citations.find((c) => c.eprint === eprintUri)
      const eprint = citation && ex?.eprints.get(citation.eprint)
      if (!ex || !citation || !eprint) throw new NotCitedError()
      const did = await deps.activeDid()
      if (!did) return { kind: 'signed-out' }
      if (ex.onChive.get(eprintUri) === 'present') return { kind: 'on-chive', eprint }
      const replacedUri = ex.finding.citations.find((c) => c.eprint !== eprintUri && ex.onChive.get(c.eprint) === 'present')?.eprint
      const replaced = replacedUri ? ex.eprints.get(replacedUri) : undefined
      const outcome = await deps.service.create(did, ex.finding, citation, labelFor(ex, eprint, ex.finding.did === did))
      // Chive's answer changes once it lands: ask again on the next look.
      examinations.delete(withoutFragment(url))
      return outcome.kind === 'already-asked' ? { kind: 'already-asked', eprint } : { kind: 'entered', eprint, ...(replaced ? { replaced } : {}) }
    },

    /** "Not now": never offered again for this source (`eprint`, or every eprint it cites). */
    async dismiss(url: string, eprintUri?: string): Promise<BacklinkReply> {
      const ex = await examine(url)
      if (!ex) throw new NotASourcePageError()
      const targets = ex.finding.citations.map((c) => c.eprint).filter((e) => eprintUri === undefined || e === eprintUri)
      if (targets.length === 0) throw new NotCitedError()
      for (const eprint of targets) await deps.created.dismiss(ex.finding.sourceUri, eprint, now())
      return { kind: 'dismissed' }
    },

    /** The examination of `url` is out of date (a write landed, the reader signed in). */
    forget(url?: string): void {
      if (url === undefined) examinations.clear()
      else examinations.delete(withoutFragment(url))
    },
  }
}

export type SourcePages = ReturnType<typeof createSourcePages>

/** The eprint a journal entry creates a backlink to, if it is a backlink create not yet confirmed. */
export function backlinkCreateTarget(entry: WriteEntry): string | undefined {
  if (!isBacklinkFeature(entry.feature) || entry.op.kind !== 'service' || entry.op.nsid !== 'pub.chive.backlink.create') return undefined
  const target = entry.op.input.targetUri
  return typeof target === 'string' ? target : undefined
}

/** How many backlinks a page view offers (the toolbar badge's "suggestions"). */
export const offeredCount = (view: SourcePageView | null) => view?.citations.filter((c) => c.state === 'offered').length ?? 0
