// Records that cite eprints, in every way REFERENCE.md's sourceType table lists, owned partly by the
// reader (Tendril may backlink those) and partly by writers (Tendril must refuse: not the reader's),
// plus decoys that name an eprint without linking it, and private sources: records that really link
// an eprint but that only their author can see, which Tendril must treat as if they did not exist. Record shapes follow the upstream lexicons:
// app.bsky.* (bluesky-social/atproto), com.whtwnd.blog.entry (whtwnd/whitewind-blog),
// pub.leaflet.document (hyperlink-academy/leaflet), network.cosmik.* (cosmik-network/semble).
import type { AccountSession } from '../accounts.ts'
import type { SeedSource } from '../types.ts'
import type { SeedEprint } from './eprints.ts'
import { truncatedLinkText, withLinks, type Part } from './richtext.ts'
import type { SeedWriter, StrongRef } from './writer.ts'

const POST = 'app.bsky.feed.post'
const WHTWND = 'com.whtwnd.blog.entry'
const LEAFLET = 'pub.leaflet.document'
const COLLECTION = 'network.cosmik.collection'
const CARD = 'network.cosmik.card'
const COLLECTION_LINK = 'network.cosmik.collectionLink'

const rkeyOf = (uri: string) => uri.split('/').pop()!

export function sourcePageUrl(sourceType: SeedSource['sourceType'], uri: string, owner: AccountSession): string {
  const rkey = rkeyOf(uri)
  switch (sourceType) {
    case 'bluesky.post':
    case 'bluesky.embed':
      return `https://bsky.app/profile/${owner.handle}/post/${rkey}`
    case 'whitewind.blog':
      return `https://whtwnd.com/${owner.handle}/${rkey}`
    case 'leaflet.list':
      return `https://leaflet.pub/p/${owner.did}/${rkey}`
    case 'cosmik.collection':
      return `https://semble.so/profile/${owner.handle}/collections/${rkey}`
  }
}

export function planSources(
  writer: SeedWriter,
  reader: AccountSession,
  writers: AccountSession[],
  eprints: SeedEprint[],
  now: number,
): { sources: SeedSource[]; decoys: SeedSource[]; privateSources: SeedSource[] } {
  const [ada, basil, cleo] = writers as [AccountSession, AccountSession, AccountSession]
  const [e0, e1, e2, e3] = eprints as [SeedEprint, SeedEprint, SeedEprint, SeedEprint]
  const sources: SeedSource[] = []
  const decoys: SeedSource[] = []
  const privateSources: SeedSource[] = []
  let n = 0
  const at = () => new Date(now - (40 - ++n) * 86_400_000 + n * 60_000).toISOString()

  const record = (
    list: SeedSource[],
    owner: AccountSession,
    collection: string,
    sourceType: SeedSource['sourceType'],
    how: string,
    cites: SeedEprint[],
    value: Record<string, unknown>,
  ): StrongRef => {
    const ref = writer.plan(owner, collection, { ...value, createdAt: value.createdAt ?? at() })
    list.push({
      uri: ref.uri,
      sourceType,
      how,
      cites: cites.map((e) => e.uri),
      owner: owner.did === reader.did ? 'reader' : 'writer',
      pageUrl: sourcePageUrl(sourceType, ref.uri, owner),
    })
    return ref
  }

  // --- Bluesky posts ------------------------------------------------------------------------------
  const post = (parts: Part[], embed?: unknown) => {
    const { text, facets } = withLinks(parts, 'app.bsky.richtext.facet#link')
    return { text, ...(facets.length ? { facets } : {}), ...(embed ? { embed } : {}), langs: ['en'] }
  }
  const link = (e: SeedEprint) => ({ text: truncatedLinkText(e.pageUrl), uri: e.pageUrl })
  const external = (e: SeedEprint) => ({
    $type: 'app.bsky.embed.external',
    external: { uri: e.pageUrl, title: `${e.title} | Chive`, description: 'Eprint on Chive' },
  })
  const recordEmbed = (ref: StrongRef) => ({ $type: 'app.bsky.embed.record', record: { uri: ref.uri, cid: ref.cid } })

  const readerFacetPost = record(sources, reader, POST, 'bluesky.post', 'facet-link', [e0],
    post(['Finally read this one on fork-based fiction, recommended: ', link(e0)]))
  record(sources, ada, POST, 'bluesky.post', 'facet-link', [e1, e2],
    post(['Two preprints for the reading group: ', link(e1), ' and ', link(e2)]))
  record(sources, reader, POST, 'bluesky.embed', 'external-embed', [e1],
    post(['Good overview of service auth.'], external(e1)))
  const basilExternal = record(sources, basil, POST, 'bluesky.embed', 'external-embed', [e0],
    post(['New on Chive:'], external(e0)))
  record(sources, cleo, POST, 'bluesky.embed', 'record-embed', [e0],
    post(['The eprint record itself, embedded:'], recordEmbed(e0)))
  record(sources, reader, POST, 'bluesky.embed', 'record-embed', [e2],
    post(['Citation decay, measured.'], recordEmbed(e2)))
  record(sources, reader, POST, 'bluesky.embed', 'record-with-media', [e2],
    post(['Quoting Basil, and adding the one I mentioned:'], {
      $type: 'app.bsky.embed.recordWithMedia',
      record: recordEmbed(basilExternal),
      media: external(e2),
    }))
  record(sources, ada, POST, 'bluesky.embed', 'record-with-media', [e1],
    post(['Replying with the paper:'], {
      $type: 'app.bsky.embed.recordWithMedia',
      record: recordEmbed(readerFacetPost),
      media: external(e1),
    }))

  // --- WhiteWind blog entries (markdown `content` only) ----------------------------------------------
  record(sources, reader, WHTWND, 'whitewind.blog', 'markdown-link', [e0], {
    title: 'Notes on branching stories',
    content: `# Notes on branching stories\n\nThis week I read [${e0.title}](${e0.pageUrl}). The tree framing fits what I see on Branchline.\n`,
    visibility: 'public',
  })
  // Unlisted (`visibility: 'url'`): it really cites, but only as a suggestion, never automatically.
  record(sources, reader, WHTWND, 'whitewind.blog', 'markdown-link-unlisted', [e1], {
    title: 'Draft thoughts, shared by link',
    content: `Only for the reading group: [${e1.title}](${e1.pageUrl}).\n`,
    visibility: 'url',
  })
  record(sources, cleo, WHTWND, 'whitewind.blog', 'markdown-link', [e1, e2], {
    title: 'Two links I keep sending people',
    // The unencoded `/eprints/at://…` form occurs in the wild; the second is a bare autolink.
    content: `Service auth explained: [read it](https://chive.pub/eprints/${e1.uri}).\n\nAnd on citations: <${e2.pageUrl}>\n`,
    visibility: 'public',
  })

  // --- Leaflet documents (link facets in text blocks; website blocks) ------------------------------------
  const textBlock = (parts: Part[]) => {
    const { text, facets } = withLinks(parts, 'pub.leaflet.richtext.facet#link')
    return {
      $type: 'pub.leaflet.pages.linearDocument#block',
      block: { $type: 'pub.leaflet.blocks.text', plaintext: text, ...(facets.length ? { facets } : {}) },
    }
  }
  const leaflet = (owner: AccountSession, title: string, blocks: unknown[]) => ({
    title,
    author: owner.did,
    description: `${title}, a Leaflet document`,
    publishedAt: at(),
    pages: [{ $type: 'pub.leaflet.pages.linearDocument', id: 'page-1', blocks }],
  })
  record(sources, reader, LEAFLET, 'leaflet.list', 'link-facet', [e1], leaflet(reader, 'Reading list: identity', [
    textBlock(['Papers on identity and auth I want to reread.']),
    textBlock(['First: ', { text: e1.title, uri: e1.pageUrl }, '.']),
  ]))
  record(sources, basil, LEAFLET, 'leaflet.list', 'link-facet', [e0], leaflet(basil, 'What I am reading', [
    textBlock(['On collaborative fiction: ', { text: 'this eprint', uri: e0.pageUrl }]),
  ]))
  record(sources, cleo, LEAFLET, 'leaflet.list', 'website-block', [e2], leaflet(cleo, 'Bookmarks', [
    textBlock(['A preview card:']),
    {
      $type: 'pub.leaflet.pages.linearDocument#block',
      block: { $type: 'pub.leaflet.blocks.website', src: e2.pageUrl, title: e2.title, description: 'Chive eprint' },
    },
  ]))

  // --- Semble collections (URL cards joined to a collection by collectionLink records) -------------------
  const collection = (
    list: SeedSource[],
    owner: AccountSession,
    how: string,
    name: string,
    cards: ({ url: string; title: string } | { note: string })[],
    cites: SeedEprint[],
  ) => {
    const createdAt = at()
    const col = record(list, owner, COLLECTION, 'cosmik.collection', how, cites, {
      name,
      description: `${name} (sandbox collection)`,
      accessType: 'OPEN',
      createdAt,
      updatedAt: createdAt,
    })
    for (const card of cards) {
      const cardRef = writer.plan(owner, CARD,
        'url' in card
          ? {
              type: 'URL',
              content: {
                $type: 'network.cosmik.card#urlContent',
                url: card.url,
                metadata: { $type: 'network.cosmik.card#urlMetadata', title: card.title, siteName: 'Chive', type: 'article' },
              },
              url: card.url,
              createdAt: at(),
            }
          : { type: 'NOTE', content: { $type: 'network.cosmik.card#noteContent', text: card.note }, createdAt: at() })
      const addedAt = at()
      writer.plan(owner, COLLECTION_LINK, {
        collection: { uri: col.uri, cid: col.cid },
        card: { uri: cardRef.uri, cid: cardRef.cid },
        addedBy: owner.did,
        addedAt,
        createdAt: addedAt,
      })
    }
  }
  collection(sources, reader, 'card-url', 'Narrative structure', [
    { url: e0.pageUrl, title: e0.title },
    { url: e1.pageUrl, title: e1.title },
  ], [e0, e1])
  collection(sources, ada, 'card-url', 'Protocols and identity', [
    { url: e1.pageUrl, title: e1.title },
    { url: 'https://atproto.com/specs/xrpc', title: 'XRPC specification' },
  ], [e1])

  // --- Decoys: the title (or the page as plain text) without a link ------------------------------------
  record(decoys, ada, POST, 'bluesky.post', 'mention-only', [],
    post([`Still thinking about "${e0.title}". Has anyone in the group read it?`]))
  record(decoys, cleo, POST, 'bluesky.post', 'plain-text-url', [],
    post([`Paste this into your browser: ${e1.pageUrl.replace(/^https:\/\//, '')}`]))
  record(decoys, reader, LEAFLET, 'leaflet.list', 'mention-only', [], leaflet(reader, 'To read later', [
    textBlock([`Someone recommended "${e2.title}" — find a link.`]),
  ]))
  record(decoys, basil, WHTWND, 'whitewind.blog', 'mention-only', [], {
    title: 'Harbour notes',
    content: `I keep coming back to *${e3.title}*, though I have no copy to share.\n`,
    visibility: 'public',
  })
  collection(decoys, reader, 'mention-only', 'Someday', [
    { note: `Look for "${e3.title}" on Chive.` },
    { url: 'https://example.org/tides', title: 'Tide tables' },
  ], [])

  // --- Private: author-only WhiteWind (`visibility: 'author'`), planned last so the other records'
  // dates stay as they were. A real link, but whtwnd.com shows the entry to nobody else
  // (404), so no one can see the citation: Tendril must never suggest it, nor backlink it.
  record(privateSources, reader, WHTWND, 'whitewind.blog', 'markdown-link-private', [e2], {
    title: 'Private: citation notes',
    content: `Keep to myself for now: [${e2.title}](${e2.pageUrl}) — check their numbers before I post.\n`,
    visibility: 'author',
  })

  return { sources, decoys, privateSources }
}
