// Builds text plus byte-indexed link facets (UTF-8 offsets, as app.bsky.richtext.facet and
// pub.leaflet.richtext.facet both require), and the display forms sites use for links.

export type Part = string | { text: string; uri: string }

export function withLinks(parts: Part[], featureType: string): { text: string; facets: unknown[] } {
  let text = ''
  const facets: unknown[] = []
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part
      continue
    }
    const byteStart = Buffer.byteLength(text)
    text += part.text
    facets.push({
      index: { byteStart, byteEnd: Buffer.byteLength(text) },
      features: [{ $type: featureType, uri: part.uri }],
    })
  }
  return { text, facets }
}

/** How bsky.app shows a long link in post text: scheme dropped, cut with an ellipsis. The facet keeps
 * the full URL, which is why detection must read the facet, never the text. */
export function truncatedLinkText(url: string, max = 30): string {
  const bare = url.replace(/^https?:\/\//, '')
  return bare.length > max ? `${bare.slice(0, max - 3)}...` : bare
}
