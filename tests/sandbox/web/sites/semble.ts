// semble.so collection pages: `/profile/<handle>/collections/<rkey>` renders a
// `network.cosmik.collection` and its cards, found through the `network.cosmik.collectionLink`
// records in the owner's repo that point at it (each names its card by strong ref). Head tags as
// cosmik-network/semble's collections/[rkey]/layout.tsx: rel alternate to the AT-URI,
// `<meta name="at:canonical">` and `<meta name="at:author">`.

import { AtUri } from '@atproto/syntax'
import { html, link, page, type SafeHtml } from '../html.ts'
import { htmlResponse, notFoundPage, str, type PageResponse, type SiteContext } from '../context.ts'
import type { RecordEntry } from '../atproto.ts'

export const COLLECTION_NSID = 'network.cosmik.collection'
export const COLLECTION_LINK_NSID = 'network.cosmik.collectionLink'
export const CARD_NSID = 'network.cosmik.card'
const SITE = 'Semble'

interface StrongRef {
  uri?: unknown
  cid?: unknown
}

/** The URL a card saves: `content.url` for URL cards, else the top-level `url`. */
export function cardUrl(card: Record<string, unknown>): string | undefined {
  const content = card.content as { url?: unknown } | undefined
  return str(content?.url) ?? str(card.url)
}

function renderCard(uri: string, card: Record<string, unknown>): SafeHtml {
  const content = card.content as { text?: unknown; metadata?: { title?: unknown; description?: unknown; siteName?: unknown } } | undefined
  const url = cardUrl(card)
  if (url) {
    const title = str(content?.metadata?.title) || url
    const about = str(content?.metadata?.description) ?? str(content?.metadata?.siteName) ?? ''
    return html`<li class="card card-url" data-card-uri="${uri}">${link(url, title)}${about ? html` <span class="muted">${about}</span>` : ''}</li>`
  }
  return html`<li class="card card-note" data-card-uri="${uri}">${str(content?.text) ?? ''}</li>`
}

async function cardsOf(ctx: SiteContext, ownerDid: string, collectionUri: string): Promise<SafeHtml[]> {
  const links = await ctx.read.listRecords(ownerDid, COLLECTION_LINK_NSID)
  const ours = links
    .filter((l) => str((l.value.collection as StrongRef | undefined)?.uri) === collectionUri)
    // Oldest first; links added together keep their creation (TID) order.
    .sort((a, b) => (str(a.value.addedAt) ?? '').localeCompare(str(b.value.addedAt) ?? '') || a.uri.localeCompare(b.uri))
  const cards: SafeHtml[] = []
  const seen = new Set<string>()
  for (const l of ours) {
    const ref = str((l.value.card as StrongRef | undefined)?.uri)
    if (!ref || seen.has(ref)) continue
    seen.add(ref)
    let at: AtUri
    try {
      at = new AtUri(ref)
    } catch {
      continue
    }
    const card: RecordEntry | undefined = await ctx.read.getRecord(at.host, at.collection, at.rkey)
    if (card) cards.push(renderCard(ref, card.value))
  }
  return cards
}

export async function collectionPage(ctx: SiteContext, actor: string, rkey: string): Promise<PageResponse> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFoundPage(SITE, 'Collection not found')
  const record = await ctx.read.getRecord(did, COLLECTION_NSID, rkey)
  if (!record) return notFoundPage(SITE, 'Collection not found')
  const uri = `at://${did}/${COLLECTION_NSID}/${rkey}`
  const value = record.value
  const name = str(value.name) ?? 'Untitled collection'
  const description = str(value.description)
  const handle = (await ctx.read.handleFor(did)) ?? did
  const profile = await ctx.read.getRecord(did, 'app.bsky.actor.profile', 'self')
  const authorName = str(profile?.value.displayName)?.trim() || handle
  const cards = await cardsOf(ctx, did, uri)
  return htmlResponse(
    200,
    page({
      title: `${name} (by ${authorName})`,
      head: html`<meta name="description" content="${description ?? `View ${authorName}'s collection on Semble`}">
<link rel="alternate" href="${uri}">
<meta name="at:author" content="${`at://${did}`}">
<meta name="at:canonical" content="${uri}">`,
      body: html`<header class="site"><a href="/">${SITE}</a></header>
<main>
<section class="collection" data-collection-uri="${uri}">
<h1>${name}</h1>
<p class="muted">by ${authorName} (@${handle})</p>
${description ? html`<p>${description}</p>` : ''}
${cards.length ? html`<ul class="cards">${cards}</ul>` : html`<p class="muted">No cards yet.</p>`}
</section>
</main>`,
    }),
  )
}
