import type * as PubLeafletDocument from '../../lexicons/generated/types/pub/leaflet/document'
import type * as SiteStandardDocument from '../../lexicons/generated/types/site/standard/document'
import { excerpt, utf16Index } from '../context-excerpt'
import { eprintRefFromCitation } from '../eprint-ref'
import { addCitation, type Citation } from './citation'

// Which eprints a Leaflet document cites. Assumed (lexicons/pub/leaflet/… and site/standard/document
// from hyperlink-academy/leaflet; ../shared/REFERENCE.md): `pub.leaflet.document` holds `pages`;
// `site.standard.document` holds them in `content` when that is a `pub.leaflet.content`, whose
// `blobPages` (a JSON blob), when set, replaces `pages` ("consumers MUST ignore `pages`"). Pages are
// `pages.linearDocument` or `pages.canvas`, each a list of `{block}`. Links live in richtext facets
// (`#link` uri, `#atMention` atURI/href, and facets inside `#footnote`s) of text, header and blockquote
// blocks and list items, and in `blocks.website.src`, `blocks.button.url`, `blocks.iframe.url`,
// `blocks.bskyPost.postRef.uri` and `blocks.standardSitePost.uri` (the last two upstream only: our
// lexicon subset leaves them out of the open block union). Everything is read defensively: unions are
// open and decoded `blobPages` JSON has not been through the validator.

type LeafletRecord = PubLeafletDocument.Record | SiteStandardDocument.Record
type Obj = Record<string, unknown>

const PAGE_TYPES = new Set(['pub.leaflet.pages.linearDocument', 'pub.leaflet.pages.canvas'])
const FACET = 'pub.leaflet.richtext.facet'
const B = 'pub.leaflet.blocks.'

export interface LeafletOptions {
  /** The decoded JSON of `content.blobPages`, fetched by the caller (see `leafletBlobPagesCid`). */
  blobPages?: unknown
}

/** The CID of the `blobPages` blob the caller must fetch before verifying, if the document has one.
 * Without it the document cannot be verified: its inline `pages` are then a stub. */
export function leafletBlobPagesCid(record: LeafletRecord): string | undefined {
  const content = leafletContent(record)
  const blob = content?.blobPages
  if (!isObj(blob) || !isObj(blob.ref)) return undefined
  // Validated records hold a BlobRef (ref is a CID object); raw JSON holds {$link}.
  return typeof blob.ref.$link === 'string' ? blob.ref.$link : String(blob.ref)
}

export function verifyLeafletDocument(record: LeafletRecord, options: LeafletOptions = {}): Citation[] {
  const found: Citation[] = []
  const title = typeof record.title === 'string' ? record.title : ''
  const cite = (uri: unknown, context: string) => {
    const ref = typeof uri === 'string' ? eprintRefFromCitation(uri) : undefined
    if (ref) addCitation(found, ref, 'leaflet.list', context)
  }
  for (const page of pagesOf(record, options)) {
    if (!isObj(page) || !PAGE_TYPES.has(page.$type as string) || !Array.isArray(page.blocks)) continue
    for (const wrapper of page.blocks) if (isObj(wrapper)) walkBlock(wrapper.block, title, cite)
  }
  return found
}

function pagesOf(record: LeafletRecord, options: LeafletOptions): unknown[] {
  if (record.$type === 'pub.leaflet.document') return Array.isArray(record.pages) ? record.pages : []
  const content = leafletContent(record)
  if (!content) return []
  if (content.blobPages !== undefined) return Array.isArray(options.blobPages) ? options.blobPages : []
  return Array.isArray(content.pages) ? content.pages : []
}

function leafletContent(record: LeafletRecord): Obj | undefined {
  if (record.$type !== 'site.standard.document') return undefined
  const content: unknown = record.content
  return isObj(content) && content.$type === 'pub.leaflet.content' ? content : undefined
}

type Cite = (uri: unknown, context: string) => void

function walkBlock(block: unknown, title: string, cite: Cite): void {
  if (!isObj(block)) return
  const label = (...parts: unknown[]) => excerpt(parts.filter((p) => typeof p === 'string' && p).join(' — ') || title)
  switch (block.$type) {
    case `${B}text`:
    case `${B}header`:
    case `${B}blockquote`:
      return walkFacets(block.plaintext, block.facets, cite)
    case `${B}unorderedList`:
    case `${B}orderedList`:
      return walkListItems(block.children, title, cite)
    case `${B}website`:
      return cite(block.src, label(block.title, block.description))
    case `${B}button`:
      return cite(block.url, label(block.text))
    case `${B}iframe`:
      return cite(block.url, label())
    case `${B}bskyPost`:
      // A quoted Bluesky post is a post, never an eprint, unless the ref itself names one.
      return cite(isObj(block.postRef) ? block.postRef.uri : undefined, label())
    case `${B}standardSitePost`:
      return cite(block.uri, label())
  }
}

function walkListItems(items: unknown, title: string, cite: Cite): void {
  if (!Array.isArray(items)) return
  for (const item of items) {
    if (!isObj(item)) continue
    walkBlock(item.content, title, cite)
    walkListItems(item.children, title, cite)
    // Nested lists are plain refs (no $type): walk their children directly.
    for (const nested of [item.unorderedListChildren, item.orderedListChildren]) {
      if (isObj(nested)) walkListItems(nested.children, title, cite)
    }
  }
}

function walkFacets(plaintext: unknown, facets: unknown, cite: Cite): void {
  const text = typeof plaintext === 'string' ? plaintext : ''
  if (!Array.isArray(facets)) return
  for (const facet of facets) {
    if (!isObj(facet) || !Array.isArray(facet.features)) continue
    const start = isObj(facet.index) && typeof facet.index.byteStart === 'number' ? facet.index.byteStart : 0
    const context = excerpt(text, utf16Index(text, start))
    for (const feature of facet.features) {
      if (!isObj(feature)) continue
      switch (feature.$type) {
        case `${FACET}#link`:
          cite(feature.uri, context)
          break
        case `${FACET}#atMention`:
          cite(feature.atURI, context)
          cite(feature.href, context)
          break
        case `${FACET}#footnote`:
          walkFacets(feature.contentPlaintext, feature.contentFacets, cite)
          break
      }
    }
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
