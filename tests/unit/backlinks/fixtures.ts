// Real-shaped source records for the verifier tests: the shapes tests/sandbox/seed/sources.ts
// writes to the sandbox PDS (built with the same richtext helper), passed through validateRecord as
// the worker does before verifying, so a fixture that drifts from its lexicon fails here first.
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { validateRecord, type RecordNsid, type RecordTypes } from '../../../lib/records/validate'
import { truncatedLinkText, withLinks, type Part } from '../../sandbox/seed/richtext'

export const NSID = 'pub.chive.eprint.submission'
export const E0 = `at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/${NSID}/3kq2z7xyz2k2a`
export const E1 = `at://did:plc:basil7hq3xn2kfd6wm4zcpre/${NSID}/3kq2z7xyz2k2b`
export const E2 = `at://did:web:papers.example.org/${NSID}/3kq2z7xyz2k2c`
export const page = (uri: string) => `https://chive.pub/eprints/${encodeURIComponent(uri)}`
export const TITLE0 = 'Branching Narratives as Collaborative Trees: A Study of Fork-Based Fiction'
export const CREATED = '2026-05-01T12:00:00.000Z'

export function valid<N extends RecordNsid>(nsid: N, value: Record<string, unknown>): RecordTypes[N] {
  return validateRecord(nsid, { $type: nsid, ...value })
}

// --- Bluesky ---------------------------------------------------------------------------------------
export const link = (uri: string, text = truncatedLinkText(uri)) => ({ text, uri })
export const external = (uri: string, title = 'An eprint | Chive') => ({
  $type: 'app.bsky.embed.external',
  external: { uri, title, description: 'Eprint on Chive' },
})
export const recordEmbed = (uri: string) => ({
  $type: 'app.bsky.embed.record',
  record: { uri, cid: 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm' },
})
export function post(parts: Part[], embed?: unknown, extra: Record<string, unknown> = {}) {
  const { text, facets } = withLinks(parts, 'app.bsky.richtext.facet#link')
  return valid('app.bsky.feed.post', {
    text,
    ...(facets.length ? { facets } : {}),
    ...(embed ? { embed } : {}),
    langs: ['en'],
    createdAt: CREATED,
    ...extra,
  })
}

// --- WhiteWind ------------------------------------------------------------------------------------
export const entry = (content: string, extra: Record<string, unknown> = {}) =>
  valid('com.whtwnd.blog.entry', { title: 'Notes', content, createdAt: CREATED, ...extra })

// --- Leaflet ---------------------------------------------------------------------------------------
export const LEAFLET_LINK = 'pub.leaflet.richtext.facet#link'
export const wrap = (block: Record<string, unknown>) => ({ $type: 'pub.leaflet.pages.linearDocument#block', block })
export function textBlock(parts: Part[], type = 'pub.leaflet.blocks.text') {
  const { text, facets } = withLinks(parts, LEAFLET_LINK)
  return { $type: type, plaintext: text, ...(facets.length ? { facets } : {}) }
}
export const linear = (blocks: Record<string, unknown>[]) => ({
  $type: 'pub.leaflet.pages.linearDocument',
  id: 'page-1',
  blocks: blocks.map(wrap),
})
export const leafletDoc = (blocks: Record<string, unknown>[], pages = [linear(blocks)]) =>
  valid('pub.leaflet.document', {
    title: 'Reading list',
    author: 'did:plc:ada4xq2mvzkd5rwn7e3ybtfh',
    description: 'A Leaflet document',
    publishedAt: CREATED,
    pages,
  })
export const standardDoc = (content: Record<string, unknown>) =>
  valid('site.standard.document', {
    title: 'Reading list',
    site: 'at://did:plc:ada4xq2mvzkd5rwn7e3ybtfh/site.standard.publication/3kq2z7xyz2k2p',
    publishedAt: CREATED,
    content: { $type: 'pub.leaflet.content', ...content },
  })

export async function jsonBlob(value: unknown) {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  const cid = CID.createV1(0x55, await sha256.digest(bytes))
  return { $type: 'blob', ref: { $link: cid.toString() }, mimeType: 'application/json', size: bytes.length }
}
