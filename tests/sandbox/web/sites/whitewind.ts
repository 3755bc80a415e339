// whtwnd.com entry pages: `/<handle|did>/<rkey>`, `/<handle|did>/<rkey>/<cid>` (that version if the
// PDS still has it, else the current one, as WhiteWind falls back) and `/<handle|did>/entries/<title>`.
// The head carries `<link rel="alternate" href="at://…">` like whtwnd/whitewind-blog's
// frontend/src/app/[authorIdentity]/[rkey]/page.tsx. Visibility: WhiteWind shows `public` and `url`
// (unlisted) entries to anyone with the link and hides `author` entries and drafts (`isDraft`)
// behind a guard; we answer those with a plain 404 and no AT-URI.

import { html, page } from '../html.ts'
import { formatDate, htmlResponse, notFoundPage, str, type PageResponse, type SiteContext } from '../context.ts'
import { markdownToHtml } from '../markdown.ts'
import type { RecordEntry } from '../atproto.ts'

export const ENTRY_NSID = 'com.whtwnd.blog.entry'
const SITE = 'WhiteWind'

/** Whether WhiteWind shows this entry to a visitor who is not its author. */
export function isVisibleToOthers(value: Record<string, unknown>): boolean {
  if (value.isDraft === true) return false
  return value.visibility === undefined || value.visibility === 'public' || value.visibility === 'url'
}

function notFound(): PageResponse {
  return notFoundPage(SITE, 'Entry not found')
}

function render(did: string, handle: string, rkey: string, value: Record<string, unknown>): PageResponse {
  const uri = `at://${did}/${ENTRY_NSID}/${rkey}`
  const title = str(value.title) ?? 'Untitled'
  const subtitle = str(value.subtitle)
  return htmlResponse(
    200,
    page({
      title: `${title} | ${SITE}`,
      head: html`<link rel="alternate" href="${uri}">
<meta property="og:title" content="${title}">
${value.visibility === 'url' ? html`<meta name="robots" content="noindex">\n` : ''}`,
      body: html`<header class="site"><a href="/">${SITE}</a></header>
<main>
<article class="entry" data-entry-uri="${uri}">
<h1>${title}</h1>
${subtitle ? html`<p class="subtitle">${subtitle}</p>` : ''}
<p class="muted">@${handle} · <time datetime="${str(value.createdAt) ?? ''}">${formatDate(value.createdAt)}</time></p>
<div class="entry-content">
${markdownToHtml(str(value.content) ?? '')}
</div>
</article>
</main>`,
    }),
  )
}

export async function entryPage(ctx: SiteContext, actor: string, rkey: string, cid?: string): Promise<PageResponse> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFound()
  let record: RecordEntry | undefined
  if (cid) record = await ctx.read.getRecord(did, ENTRY_NSID, rkey, cid)
  record ??= await ctx.read.getRecord(did, ENTRY_NSID, rkey)
  if (!record || !isVisibleToOthers(record.value)) return notFound()
  return render(did, (await ctx.read.handleFor(did)) ?? did, rkey, record.value)
}

export async function entryByTitlePage(ctx: SiteContext, actor: string, title: string): Promise<PageResponse> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFound()
  const entries = await ctx.read.listRecords(did, ENTRY_NSID)
  const match = entries.find((e) => e.value.title === title && isVisibleToOthers(e.value))
  if (!match) return notFound()
  const rkey = match.uri.slice(match.uri.lastIndexOf('/') + 1)
  return render(did, (await ctx.read.handleFor(did)) ?? did, rkey, match.value)
}
