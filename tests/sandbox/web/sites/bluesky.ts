// bsky.app post pages, server-rendered (the real bsky.app is an SPA; its server puts
// `<link rel="alternate" href="at://…">` in the head). Link facets become anchors whose href is the
// facet's full URI and whose text is the post's (possibly shortened) slice; external embeds
// (`embed.external`, or `embed.media.external` under recordWithMedia) are cards linking to their
// URI; a record embed shows the embedded AT-URI (linked to its page when we know one).

import { AtUri } from '@atproto/syntax'
import { html, link, page, type SafeHtml } from '../html.ts'
import { formatDate, htmlResponse, notFoundPage, str, type PageResponse, type SiteContext } from '../context.ts'
import { renderFacetedText } from '../richtext.ts'
import { budPath, BUD_NSID } from './branchline.ts'
import { eprintPageUrl, EPRINT_NSID } from './chive.ts'

export const POST_NSID = 'app.bsky.feed.post'
const SITE = 'Bluesky'

export function postPageUrl(did: string, rkey: string): string {
  return `https://bsky.app/profile/${did}/post/${rkey}`
}

/** The web page for a record we can show, for record embeds. */
export function pageForAtUri(uri: string): string | undefined {
  let at: AtUri
  try {
    at = new AtUri(uri)
  } catch {
    return undefined
  }
  if (at.collection === POST_NSID) return postPageUrl(at.host, at.rkey)
  if (at.collection === EPRINT_NSID) return eprintPageUrl(uri)
  if (at.collection === BUD_NSID) return `https://branchline.ink${budPath(uri)}`
  return undefined
}

interface External {
  uri?: unknown
  title?: unknown
  description?: unknown
}

function externalCard(external: External | undefined): SafeHtml {
  const uri = str(external?.uri)
  if (!uri) return html``
  const title = str(external?.title) || uri
  return html`<div class="embed-external">${link(uri, html`<strong>${title}</strong><br><span class="muted">${str(external?.description) ?? ''}</span>`, { class: 'external-card' })}</div>`
}

function recordEmbed(record: { uri?: unknown } | undefined): SafeHtml {
  const uri = str(record?.uri)
  if (!uri) return html``
  const href = pageForAtUri(uri)
  return html`<blockquote class="embed-record" data-embed-uri="${uri}">Quoted record: ${href ? link(href, html`<code>${uri}</code>`) : html`<code>${uri}</code>`}</blockquote>`
}

function imagesEmbed(images: unknown): SafeHtml {
  if (!Array.isArray(images)) return html``
  // No <img>: the sandbox never loads anything. Alt text stands in.
  return html`<ul class="embed-images">${images.map((img) => html`<li>[image: ${str((img as { alt?: unknown })?.alt) || 'no alt text'}]</li>`)}</ul>`
}

export function renderEmbed(embed: unknown): SafeHtml {
  if (!embed || typeof embed !== 'object') return html``
  const e = embed as { $type?: unknown; external?: External; record?: unknown; media?: unknown; images?: unknown }
  switch (e.$type) {
    case 'app.bsky.embed.external':
      return externalCard(e.external)
    case 'app.bsky.embed.record':
      return recordEmbed(e.record as { uri?: unknown })
    case 'app.bsky.embed.recordWithMedia': {
      const inner = (e.record as { record?: { uri?: unknown } } | undefined)?.record
      return html`${renderEmbed(e.media)}${recordEmbed(inner)}`
    }
    case 'app.bsky.embed.images':
      return imagesEmbed(e.images)
    default:
      return html``
  }
}

/** `extraScript`: a test-only attack script of the hostile-page suite (sites/hostile.ts). */
export async function postPage(ctx: SiteContext, actor: string, rkey: string, extraScript?: string): Promise<PageResponse> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFoundPage(SITE, 'Post not found')
  const record = await ctx.read.getRecord(did, POST_NSID, rkey)
  if (!record) return notFoundPage(SITE, 'Post not found')
  const uri = `at://${did}/${POST_NSID}/${rkey}`
  const post = record.value
  const text = str(post.text) ?? ''
  const handle = (await ctx.read.handleFor(did)) ?? did
  const profile = await ctx.read.getRecord(did, 'app.bsky.actor.profile', 'self')
  const name = str(profile?.value.displayName)?.trim() || `@${handle}`
  const body = renderFacetedText(text, post.facets, {
    mention: (mentioned) => `/profile/${mentioned}`,
    tag: (tag) => `/hashtag/${encodeURIComponent(tag)}`,
  })
  const summary = text.length > 100 ? `${text.slice(0, 100)}…` : text
  return htmlResponse(
    200,
    page({
      title: `${name}: "${summary}" — ${SITE}`,
      head: html`<link rel="alternate" href="${uri}">
<meta property="og:title" content="${`${name} (@${handle})`}">
<meta property="og:description" content="${text}">
<meta property="og:url" content="${postPageUrl(did, rkey)}">`,
      body: html`<header class="site"><a href="/">${SITE}</a></header>
<main>
<article class="post" data-post-uri="${uri}">
<header><strong>${name}</strong> <span class="muted">@${handle}</span></header>
<div class="post-text">${body}</div>
${renderEmbed(post.embed)}
<footer class="muted"><time datetime="${str(post.createdAt) ?? ''}">${formatDate(post.createdAt)}</time></footer>
</article>
</main>`,
      ...(extraScript ? { script: extraScript } : {}),
    }),
  )
}
