import { describeError } from '../errors'
import type { ChiveClient } from '../appview/chive-client'
import type { CreatedBacklinks } from './created-store'
import type { EprintInfo } from './eprint-info'
import { sourcePageUrl } from './source-url'
import type { EprintBacklinksView } from './views'

// The popup on an eprint page: what Chive reports about it (getCounts, and list a page at a time),
// labelled in the popup as Chive's, each backlink linking to its source on its own site, and the
// ones Tendril created for the reader marked. Chive draws its own panel on the page; Tendril draws
// nothing there.

export const PAGE_SIZE = 25

const NO_COUNTS: EprintBacklinksView['counts'] = { total: 0, blueskyPosts: 0, blueskyEmbeds: 0, whitewindBlogs: 0, leafletLists: 0, cosmikCollections: 0, other: 0 }

export function createEprintBacklinks(deps: { chive: ChiveClient; eprints: Pick<EprintInfo, 'get' | 'cached'>; created: Pick<CreatedBacklinks, 'bySource'> }) {
  return async function eprintBacklinks(eprintUri: string, cursor?: string): Promise<EprintBacklinksView> {
    // The eprint's title (its own record) is read beside Chive's answers, not before them.
    const title = deps.eprints.get(eprintUri).catch(() => undefined)
    const named = async () => (await title) ?? deps.eprints.cached(eprintUri)
    try {
      const [counts, page, eprint] = await Promise.all([
        // The counts once, with the first page; "More" asks only for the next page.
        cursor ? Promise.resolve(undefined) : deps.chive.getCounts(eprintUri),
        deps.chive.list(eprintUri, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
        named(),
      ])
      const live = page.backlinks.filter((b) => !b.deleted)
      const mine = await deps.created.bySource(live.map((b) => b.sourceUri))
      return {
        eprint,
        counts: counts
          ? { total: counts.total, blueskyPosts: counts.blueskyPosts, blueskyEmbeds: counts.blueskyEmbeds, whitewindBlogs: counts.whitewindBlogs, leafletLists: counts.leafletLists, cosmikCollections: counts.cosmikCollections, other: counts.other }
          : NO_COUNTS,
        backlinks: live.map((b) => {
          const url = sourcePageUrl(b.sourceUri)
          return {
            sourceUri: b.sourceUri,
            sourceType: b.sourceType,
            ...(url ? { sourceUrl: url } : {}),
            ...(b.context ? { context: b.context } : {}),
            indexedAt: b.indexedAt,
            mine: mine.get(b.sourceUri)?.eprint === eprintUri,
          }
        }),
        ...(page.hasMore && page.cursor ? { cursor: page.cursor } : {}),
      }
    } catch (error) {
      return { eprint: await named(), counts: NO_COUNTS, backlinks: [], error: describeError(error) }
    }
  }
}
