import type { EprintRef } from '../eprint-ref'

// What a verifier found: one eprint a source record cites, in Chive's vocabulary. `sourceType` values
// are Chive's knownValues for `pub.chive.backlink.create` (../shared/seeds/pub.chive.backlink.create.md);
// `context` already fits Chive's 500-byte limit (context-excerpt.ts).

export type SourceType = 'bluesky.post' | 'bluesky.embed' | 'whitewind.blog' | 'leaflet.list'

export interface Citation {
  /** The eprint's AT-URI: DID-based unless `needsResolve`. */
  eprint: string
  sourceType: SourceType
  context: string
  /** The eprint was named by handle: resolve it before comparing or writing (eprint-ref.ts). */
  needsResolve?: true
  /** The source is an unlisted WhiteWind entry: offer a suggestion, never write automatically. */
  unlistedOnly?: true
}

/** One citation per eprint, keeping the first context found. `stronger` says which sourceType wins
 * when an eprint is cited twice (Bluesky: an embed outranks a text link, per issue 10). */
export function addCitation(
  list: Citation[],
  ref: EprintRef,
  sourceType: SourceType,
  context: string,
  stronger?: SourceType,
): void {
  const existing = list.find((c) => c.eprint === ref.uri)
  if (existing) {
    if (stronger && sourceType === stronger) existing.sourceType = stronger
    return
  }
  list.push({ eprint: ref.uri, sourceType, context, ...(ref.needsResolve ? { needsResolve: true as const } : {}) })
}
