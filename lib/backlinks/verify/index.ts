import type { RecordTypes } from '../../records/validate'
import { verifyBlueskyPost } from './bluesky'
import type { Citation } from './citation'
import { verifyLeafletDocument, type LeafletOptions } from './leaflet'
import { verifyWhiteWindEntry } from './whitewind'

// One entry point from a source record (already checked by records/validate.ts `validateRecord`) to
// the eprints it cites. The collections are those issue 10 covers; anything else (Semble cards, a
// later issue) cites nothing here rather than being guessed at.

export type { Citation, SourceType } from './citation'

export const VERIFIED_COLLECTIONS = [
  'app.bsky.feed.post',
  'com.whtwnd.blog.entry',
  'pub.leaflet.document',
  'site.standard.document',
] as const
export type VerifiedCollection = (typeof VERIFIED_COLLECTIONS)[number]

export function verifySource(collection: string, record: unknown, options: LeafletOptions = {}): Citation[] {
  return dedupe(dispatch(collection, record, options))
}

function dispatch(collection: string, record: unknown, options: LeafletOptions): Citation[] {
  // The record must say it is what the collection says: a post filed under a blog collection is
  // not a blog entry.
  if (typeof record !== 'object' || record === null || (record as { $type?: unknown }).$type !== collection) return []
  switch (collection) {
    case 'app.bsky.feed.post':
      return verifyBlueskyPost(record as RecordTypes['app.bsky.feed.post'])
    case 'com.whtwnd.blog.entry':
      return verifyWhiteWindEntry(record as RecordTypes['com.whtwnd.blog.entry'])
    case 'pub.leaflet.document':
    case 'site.standard.document':
      return verifyLeafletDocument(record as RecordTypes['pub.leaflet.document' | 'site.standard.document'], options)
    default:
      return []
  }
}

/** One citation per eprint. The verifiers already merge within a record (an embed outranks a text
 * link); this keeps the guarantee for the whole entry point. */
function dedupe(citations: Citation[]): Citation[] {
  const seen = new Map<string, Citation>()
  for (const c of citations) {
    const prior = seen.get(c.eprint)
    if (!prior) seen.set(c.eprint, c)
    else if (c.sourceType === 'bluesky.embed') prior.sourceType = 'bluesky.embed'
  }
  return [...seen.values()]
}
