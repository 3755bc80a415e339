// An independent reading of the seeded source records: which eprints does each record really link,
// according to the places REFERENCE.md's sourceType table names? Used to check that the manifest's
// `cites` is true of the records in the PDS (and that decoys link nothing). Deliberately written
// apart from the seeding code, so a seeding mistake cannot be mirrored here.
import { xrpc } from '../../sandbox/xrpc.ts'
import { didOf, rkeyOf } from './helpers.ts'

export function eprintFromLink(link: string): string | undefined {
  if (link.startsWith('at://')) return link.includes('/pub.chive.eprint.submission/') ? link : undefined
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return undefined
  }
  if (url.hostname !== 'chive.pub' && url.hostname !== 'api.chive.pub') return undefined
  const m = /^\/eprints\/(.+)$/.exec(url.pathname)
  if (!m) return undefined
  const decoded = decodeURIComponent(m[1]!)
  return decoded.startsWith('at://') ? decoded : undefined
}

function facetLinks(facets: any[] | undefined): string[] {
  return (facets ?? []).flatMap((f) => (f.features ?? []).filter((x: any) => String(x.$type).endsWith('#link')).map((x: any) => x.uri))
}

async function getRecord(pdsUrl: string, uri: string): Promise<any> {
  const [, , did, collection, rkey] = uri.split('/')
  return (await xrpc(pdsUrl, 'com.atproto.repo.getRecord', { params: { repo: did!, collection: collection!, rkey: rkey! } })).value
}

async function listRecords(pdsUrl: string, did: string, collection: string): Promise<{ uri: string; value: any }[]> {
  return (await xrpc(pdsUrl, 'com.atproto.repo.listRecords', { params: { repo: did, collection, limit: 100 } })).records
}

/** Every link (URL or AT-URI) the record carries in a place that counts as citing. */
export async function linksOf(pdsUrl: string, uri: string): Promise<string[]> {
  const value = await getRecord(pdsUrl, uri)
  switch (value.$type) {
    case 'app.bsky.feed.post': {
      const links = facetLinks(value.facets)
      const embed = value.embed
      if (embed?.$type === 'app.bsky.embed.external') links.push(embed.external.uri)
      if (embed?.$type === 'app.bsky.embed.record') links.push(embed.record.uri)
      if (embed?.$type === 'app.bsky.embed.recordWithMedia') {
        if (embed.media?.$type === 'app.bsky.embed.external') links.push(embed.media.external.uri)
        links.push(embed.record.record.uri)
      }
      return links
    }
    case 'com.whtwnd.blog.entry': {
      const md: string = value.content
      return [...md.matchAll(/\]\(([^)\s]+)\)/g), ...md.matchAll(/<(https?:\/\/[^>\s]+)>/g)].map((m) => m[1]!)
    }
    case 'pub.leaflet.document':
      return value.pages.flatMap((page: any) =>
        page.blocks.flatMap((b: any) => [...facetLinks(b.block.facets), ...(b.block.src ? [b.block.src] : [])]),
      )
    case 'network.cosmik.collection': {
      const did = didOf(uri)
      const [links, cards] = await Promise.all([
        listRecords(pdsUrl, did, 'network.cosmik.collectionLink'),
        listRecords(pdsUrl, did, 'network.cosmik.card'),
      ])
      const cardUrls = new Map(cards.map((c) => [c.uri, c.value.url ?? c.value.content?.url]))
      return links
        .filter((l) => l.value.collection.uri === uri)
        .map((l) => cardUrls.get(l.value.card.uri))
        .filter((u): u is string => typeof u === 'string')
    }
    default:
      throw new Error(`unexpected record type ${value.$type} at ${uri} (${rkeyOf(uri)})`)
  }
}

export async function citedEprints(pdsUrl: string, uri: string): Promise<string[]> {
  const cited = (await linksOf(pdsUrl, uri)).map(eprintFromLink).filter((u): u is string => !!u)
  return [...new Set(cited)].sort()
}
