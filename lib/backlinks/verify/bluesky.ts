import type * as AppBskyFeedPost from '../../lexicons/generated/types/app/bsky/feed/post'
import { excerpt, utf16Index } from '../context-excerpt'
import { eprintRefFromCitation } from '../eprint-ref'
import { addCitation, type Citation } from './citation'

// Which eprints an `app.bsky.feed.post` cites. Assumed (../shared/REFERENCE.md, "Sources" table;
// lexicons/app/bsky/…, from bluesky-social/atproto): a link in the text is an
// `app.bsky.richtext.facet#link` feature whose `uri` is the full URL — bsky.app shortens the *visible*
// text ("chive.pub/eprints/at%3A%2F%..."), so the text itself is never searched, only facets. Embeds:
// `app.bsky.embed.external` (`external.uri`), `app.bsky.embed.record` (`record.uri`, an eprint record
// quoted directly) and `app.bsky.embed.recordWithMedia` (its `record.record.uri` and its media's
// `external.uri`). Issue 10: a post citing an eprint both ways counts as `bluesky.embed`.

const LINK = 'app.bsky.richtext.facet#link'

export function verifyBlueskyPost(record: AppBskyFeedPost.Record): Citation[] {
  const found: Citation[] = []
  const text = record.text ?? ''

  for (const facet of record.facets ?? []) {
    for (const feature of facet.features ?? []) {
      if (feature.$type !== LINK || typeof (feature as { uri?: unknown }).uri !== 'string') continue
      const ref = eprintRefFromCitation((feature as { uri: string }).uri)
      if (!ref) continue
      const context = excerpt(text, utf16Index(text, facet.index.byteStart))
      addCitation(found, ref, 'bluesky.post', context, 'bluesky.embed')
    }
  }
  // After the facets, so a facet's context (centred on the link) is kept when an embed upgrades it.
  for (const target of embedTargets(record.embed)) {
    const ref = eprintRefFromCitation(target.uri)
    if (ref) addCitation(found, ref, 'bluesky.embed', excerpt(text || target.title || ''), 'bluesky.embed')
  }
  return found
}

interface EmbedTarget {
  uri: string
  title?: string
}

/** The URIs an embed points at. The embed union is open (images, video… pass validation), so every
 * shape is checked by `$type` and field type before it is read. */
function embedTargets(embed: unknown): EmbedTarget[] {
  if (!isObject(embed)) return []
  switch (embed.$type) {
    case 'app.bsky.embed.external':
      return externalTarget(embed)
    case 'app.bsky.embed.record':
      return recordTarget(embed)
    case 'app.bsky.embed.recordWithMedia':
      // `record` is an app.bsky.embed.record object (its $type may be absent: it is a plain ref).
      return [...recordTarget(embed.record), ...(isObject(embed.media) && embed.media.$type === 'app.bsky.embed.external' ? externalTarget(embed.media) : [])]
    default:
      return []
  }
}

function externalTarget(embed: Record<string, unknown>): EmbedTarget[] {
  const ext = embed.external
  if (!isObject(ext) || typeof ext.uri !== 'string') return []
  return [{ uri: ext.uri, ...(typeof ext.title === 'string' ? { title: ext.title } : {}) }]
}

function recordTarget(embed: unknown): EmbedTarget[] {
  if (!isObject(embed) || !isObject(embed.record) || typeof embed.record.uri !== 'string') return []
  return [{ uri: embed.record.uri }]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
