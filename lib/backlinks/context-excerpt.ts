// The `context` Tendril sends with a backlink: a short excerpt of the citing text. Assumed: Chive's
// `pub.chive.backlink.create` declares `context` with maxLength 500 (../shared/seeds/
// pub.chive.backlink.create.md), and an atproto lexicon's string maxLength counts UTF-8 bytes, not
// characters. Cutting a string by bytes or UTF-16 units could split an emoji (ZWJ sequences, flags) or
// a combining mark, so the cut is made between graphemes (Intl.Segmenter).

export const CONTEXT_MAX_BYTES = 500
const ELLIPSIS = '…' // 3 bytes, counted in the 500
const ELLIPSIS_BYTES = 3
/** When centring on a citation, at most this many bytes of text come before it. */
const LEAD_BYTES = 150

const encoder = new TextEncoder()
const utf8Length = (s: string) => encoder.encode(s).length

/**
 * `text` trimmed, cut to at most 500 UTF-8 bytes on a grapheme boundary, with an ellipsis on each side
 * that was cut (and only then). `around` is a UTF-16 index into `text` (where the citation sits): the
 * excerpt then keeps that spot, with a little of what comes before it.
 */
export function excerpt(text: string, around?: number): string {
  const lead = text.length - text.trimStart().length
  const trimmed = text.trim()
  if (utf8Length(trimmed) <= CONTEXT_MAX_BYTES) return trimmed

  const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)]
  const bytes = segments.map((s) => utf8Length(s.segment))
  const at = around === undefined ? 0 : around - lead
  let k = segments.findIndex((s, i) => at < s.index + s.segment.length || i === segments.length - 1)
  if (k < 0) k = 0

  // Step back from the citation by at most LEAD_BYTES, then fill forward; if the text ends first,
  // spend what is left going further back.
  let start = k
  let before = 0
  while (start > 0 && before + bytes[start - 1]! <= LEAD_BYTES) before += bytes[--start]!
  let end = start
  let used = 0
  const budget = () => CONTEXT_MAX_BYTES - (start > 0 ? ELLIPSIS_BYTES : 0)
  while (end < segments.length) {
    const tail = end + 1 < segments.length ? ELLIPSIS_BYTES : 0
    if (used + bytes[end]! + tail > budget()) break
    used += bytes[end++]!
  }
  if (end === segments.length) {
    while (start > 0 && used + bytes[start - 1]! + (start - 1 > 0 ? ELLIPSIS_BYTES : 0) <= CONTEXT_MAX_BYTES) {
      used += bytes[--start]!
    }
  }

  const body = segments.slice(start, end).map((s) => s.segment).join('')
  const cutStart = start > 0
  const cutEnd = end < segments.length
  let out = body
  if (cutStart) out = ELLIPSIS + out.trimStart()
  if (cutEnd) out = out.trimEnd() + ELLIPSIS
  return out
}

/** A facet's UTF-8 byte offset (app.bsky / pub.leaflet richtext facets count bytes) as a UTF-16
 * index into the same text, for `excerpt(text, around)`. Out-of-range offsets are clamped. */
export function utf16Index(text: string, byteOffset: number): number {
  const bytes = encoder.encode(text)
  const clamped = Math.max(0, Math.min(byteOffset, bytes.length))
  return new TextDecoder().decode(bytes.subarray(0, clamped)).length
}
