// leaflet.pub standalone documents: `/p/<did>/<rkey>` renders a `site.standard.document` (preferred,
// as Leaflet's own lookup orders it) or a `pub.leaflet.document` with that rkey. A handle in the
// path redirects (307) to the DID form, as hyperlink-academy/leaflet's
// app/(app)/(published)/p/[didOrHandle]/[rkey]/page.tsx does; its head carries
// `<link rel="alternate" href="at://…">`, `<link rel="site.standard.document" href="at://…">` and
// `<meta name="at:canonical">`. Blocks: text/header/blockquote/lists with facets, website, button,
// iframe (as a link: the sandbox never loads anything), code, math, rule, image (alt text),
// bskyPost; `blobPages` content is fetched from the PDS.

import { html, link, page, type SafeHtml } from '../html.ts'
import { htmlResponse, notFoundPage, redirect, str, type PageResponse, type SiteContext } from '../context.ts'
import { renderFacetedText } from '../richtext.ts'
import { pageForAtUri } from './bluesky.ts'

export const LEAFLET_DOCUMENT_NSID = 'pub.leaflet.document'
export const STANDARD_DOCUMENT_NSID = 'site.standard.document'
const SITE = 'Leaflet'

type Block = Record<string, unknown> & { $type?: unknown }

function kindOf(block: Block): string {
  const type = str(block.$type) ?? ''
  return type.replace(/^pub\.leaflet\.blocks\./, '').replace(/#main$/, '')
}

function text(block: Block): SafeHtml {
  return renderFacetedText(str(block.plaintext) ?? '', block.facets, { mention: (did) => `https://bsky.app/profile/${did}` })
}

function listItems(children: unknown): SafeHtml {
  if (!Array.isArray(children)) return html``
  return html`${children.map((item) => {
    const it = item as { content?: Block; children?: unknown; orderedListChildren?: { children?: unknown } }
    const nested = Array.isArray(it.children)
      ? html`<ul>${listItems(it.children)}</ul>`
      : it.orderedListChildren
        ? html`<ol>${listItems(it.orderedListChildren.children)}</ol>`
        : ''
    return html`<li>${it.content ? renderBlock(it.content) : ''}${nested}</li>`
  })}`
}

/** One Leaflet block as HTML; unknown kinds render nothing. */
export function renderBlock(block: Block): SafeHtml {
  switch (kindOf(block)) {
    case 'text':
      return html`<p>${text(block)}</p>`
    case 'header': {
      const level = Math.min(6, Math.max(1, Number(block.level) || 2))
      return html`<h${level}>${text(block)}</h${level}>`
    }
    case 'blockquote':
      return html`<blockquote>${text(block)}</blockquote>`
    case 'unorderedList':
      return html`<ul>${listItems(block.children)}</ul>`
    case 'orderedList':
      return html`<ol>${listItems(block.children)}</ol>`
    case 'website': {
      const src = str(block.src)
      return html`<div class="block-website">${link(src, html`<strong>${str(block.title) || src || ''}</strong> <span class="muted">${str(block.description) ?? ''}</span>`)}</div>`
    }
    case 'button':
      return html`<p class="block-button">${link(str(block.url), str(block.text) || str(block.url) || '')}</p>`
    case 'iframe':
      return html`<p class="block-iframe">${link(str(block.url), `Embedded page: ${str(block.url) ?? ''}`)}</p>`
    case 'code':
      return html`<pre><code>${str(block.plaintext) ?? ''}</code></pre>`
    case 'math':
      return html`<pre class="math">${str(block.tex) ?? ''}</pre>`
    case 'horizontalRule':
      return html`<hr>`
    case 'image':
      return html`<p class="muted">[image: ${str(block.alt) || 'no alt text'}]</p>`
    case 'bskyPost': {
      const uri = str((block.postRef as { uri?: unknown } | undefined)?.uri)
      return uri ? html`<blockquote class="block-bsky-post" data-embed-uri="${uri}">${link(pageForAtUri(uri), uri)}</blockquote>` : html``
    }
    default:
      return html``
  }
}

function renderPages(pages: unknown): SafeHtml {
  if (!Array.isArray(pages)) return html``
  return html`${pages.map((p) => {
    const blocks = (p as { blocks?: unknown })?.blocks
    if (!Array.isArray(blocks)) return ''
    return html`<section class="page">${blocks.map((b) => {
      const inner = (b as { block?: Block })?.block
      return inner && typeof inner === 'object' ? html`${renderBlock(inner)}\n` : ''
    })}</section>`
  })}`
}

/** The pages of either record kind, reading `blobPages` from the PDS when set. */
async function pagesOf(ctx: SiteContext, did: string, value: Record<string, unknown>): Promise<unknown> {
  const content = (value.content as Record<string, unknown> | undefined) ?? value
  const blobPages = content.blobPages as { ref?: { $link?: string } | string } | undefined
  const cid = typeof blobPages?.ref === 'string' ? blobPages.ref : blobPages?.ref?.$link
  if (cid) {
    const bytes = await ctx.read.getBlob(did, cid)
    if (bytes) {
      try {
        return JSON.parse(new TextDecoder().decode(bytes))
      } catch {
        return []
      }
    }
  }
  return content.pages
}

export async function documentPage(ctx: SiteContext, actor: string, rkey: string): Promise<PageResponse> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFoundPage(SITE, '404')
  if (did !== actor) return redirect(`/p/${encodeURIComponent(did)}/${encodeURIComponent(rkey)}`, 307)
  let collection = STANDARD_DOCUMENT_NSID
  let record = await ctx.read.getRecord(did, collection, rkey)
  if (!record) {
    collection = LEAFLET_DOCUMENT_NSID
    record = await ctx.read.getRecord(did, collection, rkey)
  }
  if (!record) return notFoundPage(SITE, '404')
  const uri = `at://${did}/${collection}/${rkey}`
  const value = record.value
  const title = str(value.title) ?? 'Untitled'
  const description = str(value.description)
  const pages = await pagesOf(ctx, did, value)
  return htmlResponse(
    200,
    page({
      title,
      head: html`<link rel="canonical" href="${`https://leaflet.pub/p/${encodeURIComponent(did)}/${rkey}`}">
<link rel="alternate" href="${uri}">
<link rel="site.standard.document" href="${uri}">
<meta name="at:canonical" content="${uri}">
${description ? html`<meta name="description" content="${description}">` : ''}`,
      body: html`<header class="site"><a href="/">${SITE}</a></header>
<main>
<article class="document" data-document-uri="${uri}">
<h1>${title}</h1>
${description ? html`<p class="muted">${description}</p>` : ''}
${renderPages(pages)}
</article>
</main>`,
    }),
  )
}
