// Text with atproto-style facets (Bluesky posts, Leaflet blocks) rendered as HTML. Facet indexes
// count UTF-8 bytes; the visible text of a link may be shortened ("example.com/long…") while the
// facet holds the full URL, so the href always comes from the facet and the anchor text from the
// text slice, as bsky.app does.

import { html, join, link, type SafeHtml } from './html.ts'

export interface Facet {
  index?: { byteStart?: unknown; byteEnd?: unknown }
  features?: unknown
}

interface Feature {
  $type?: string
  uri?: unknown
  did?: unknown
  tag?: unknown
}

/** How a link or mention feature becomes a URL on the site that renders it. */
export interface FacetLinks {
  /** Page for a mentioned DID (`…#mention` / `…#didMention`); undefined renders the text alone. */
  mention?: (did: string) => string | undefined
  /** Page for a hashtag (`…#tag`). */
  tag?: (tag: string) => string | undefined
}

interface Span {
  start: number
  end: number
  features: Feature[]
}

function kind(feature: Feature): string {
  const type = typeof feature.$type === 'string' ? feature.$type : ''
  return type.slice(type.lastIndexOf('#') + 1)
}

function validSpans(facets: unknown, byteLength: number): Span[] {
  if (!Array.isArray(facets)) return []
  const spans: Span[] = []
  for (const facet of facets as Facet[]) {
    const start = facet?.index?.byteStart
    const end = facet?.index?.byteEnd
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue
    const s = start as number
    const e = end as number
    if (s < 0 || e > byteLength || s >= e) continue
    const features = Array.isArray(facet.features) ? (facet.features as Feature[]).filter((f) => f && typeof f === 'object') : []
    if (features.length > 0) spans.push({ start: s, end: e, features })
  }
  return spans
}

function decorate(text: string, features: Feature[], links: FacetLinks): SafeHtml {
  let out: SafeHtml = textWithBreaks(text)
  const byKind = (k: string) => features.filter((f) => kind(f) === k)
  if (byKind('bold').length) out = html`<strong>${out}</strong>`
  if (byKind('italic').length) out = html`<em>${out}</em>`
  if (byKind('underline').length) out = html`<u>${out}</u>`
  if (byKind('strikethrough').length) out = html`<s>${out}</s>`
  if (byKind('code').length) out = html`<code>${out}</code>`
  if (byKind('highlight').length) out = html`<mark>${out}</mark>`
  const linkFeature = byKind('link').find((f) => typeof f.uri === 'string')
  if (linkFeature) return link(linkFeature.uri as string, out)
  const mention = [...byKind('mention'), ...byKind('didMention')].find((f) => typeof f.did === 'string')
  if (mention && links.mention) return link(links.mention(mention.did as string), out)
  const tag = byKind('tag').find((f) => typeof f.tag === 'string')
  if (tag && links.tag) return link(links.tag(tag.tag as string), out)
  return out
}

/**
 * Renders `text` with its facets. Out-of-range, inverted or malformed facets are ignored; where
 * facets overlap, each piece gets the features of every facet covering it (first link wins).
 * Newlines become `<br>`.
 */
export function renderFacetedText(text: string, facets: unknown, links: FacetLinks = {}): SafeHtml {
  const bytes = new TextEncoder().encode(text)
  const decoder = new TextDecoder()
  const spans = validSpans(facets, bytes.length)
  const cuts = new Set<number>([0, bytes.length])
  for (const span of spans) {
    cuts.add(span.start)
    cuts.add(span.end)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const pieces: SafeHtml[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!
    const end = points[i + 1]!
    const slice = decoder.decode(bytes.subarray(start, end))
    const features = spans.filter((s) => s.start <= start && s.end >= end).flatMap((s) => s.features)
    pieces.push(features.length ? decorate(slice, features, links) : textWithBreaks(slice))
  }
  return join(pieces)
}

/** Escaped text with its newlines as `<br>`. */
export function textWithBreaks(text: string): SafeHtml {
  return join(text.split('\n'), html`<br>`)
}
