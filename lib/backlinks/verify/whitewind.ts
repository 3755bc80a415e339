import type * as ComWhtwndBlogEntry from '../../lexicons/generated/types/com/whtwnd/blog/entry'
import { excerpt } from '../context-excerpt'
import { eprintRefFromCitation } from '../eprint-ref'
import { addCitation, type Citation } from './citation'
import { markdownLinks } from './markdown-links'

// Which eprints a `com.whtwnd.blog.entry` cites. Assumed (lexicons/com/whtwnd/blog/entry.json from
// whtwnd/whitewind-blog; ../shared/REFERENCE.md): the article is markdown in `content` and links live
// only there; `visibility` is `public` (default), `url` (anyone with the link: unlisted) or `author`
// (the author alone). Issue 10: an `author` entry yields nothing, an unlisted one only a suggestion.
// The deprecated `isDraft: true` means the same as `author` ("not shown to anyone except the author").

export function verifyWhiteWindEntry(record: ComWhtwndBlogEntry.Record): Citation[] {
  if (record.visibility === 'author' || record.isDraft === true) return []
  const found: Citation[] = []
  for (const block of markdownLinks(record.content ?? '')) {
    for (const link of block.links) {
      const ref = eprintRefFromCitation(link.url)
      if (ref) addCitation(found, ref, 'whitewind.blog', excerpt(block.text, link.at))
    }
  }
  if (record.visibility === 'url') for (const c of found) c.unlistedOnly = true
  return found
}
