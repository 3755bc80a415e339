// chive.pub (and api.chive.pub): eprint pages with the head tags Chive emits
// (chive-pub/chive web/app/eprints/[...uri]/page.tsx + web/lib/metadata/entity-metadata.ts):
// `<link rel="alternate" type="application/at-uri">`, DOI alternates, Highwire `citation_*` meta
// and Schema.org JSON-LD. Old `/eprint/<did>/<rkey>` and `/paper/<did>/<rkey>` links redirect to
// the canonical page (Chive's web app has no such routes any more; its Bluesky indexer still
// recognises them in posts).

import { AtUri } from '@atproto/syntax'
import { xrpcGet } from '../atproto.ts'
import { html, jsonForScript, link, page, type SafeHtml } from '../html.ts'
import { formatDate, htmlResponse, knownDids, notFoundPage, redirect, siteBody, str, type PageResponse, type SiteContext } from '../context.ts'

export const EPRINT_NSID = 'pub.chive.eprint.submission'
const SITE = 'Chive'

export function eprintPageUrl(uri: string): string {
  return `https://chive.pub/eprints/${encodeURIComponent(uri)}`
}

interface Author {
  name?: unknown
  did?: unknown
  handle?: unknown
}

/** Chive's own rule: `abstractPlainText`, else the text items of the rich abstract. */
export function abstractText(value: Record<string, unknown>): string {
  const plain = str(value.abstractPlainText)
  if (plain) return plain
  if (typeof value.abstract === 'string') return value.abstract
  if (!Array.isArray(value.abstract)) return ''
  return value.abstract
    .filter((item): item is { type: 'text'; content: string } => item?.type === 'text' && typeof item.content === 'string')
    .map((item) => item.content)
    .join(' ')
}

function authorNames(value: Record<string, unknown>): string[] {
  if (!Array.isArray(value.authors)) return []
  return (value.authors as Author[])
    .map((a) => (typeof a?.name === 'string' ? a.name : typeof a?.handle === 'string' ? a.handle : ''))
    .filter((n) => n !== '')
}

/** `YYYY/MM/DD` as Highwire wants it, in UTC, or undefined for a non-date. */
export function citationDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return undefined
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0')
  const dd = String(date.getUTCDate()).padStart(2, '0')
  return `${date.getUTCFullYear()}/${mm}/${dd}`
}

function headTags(uri: string, value: Record<string, unknown>, title: string, abstract: string): SafeHtml {
  const canonical = eprintPageUrl(uri)
  const authors = authorNames(value)
  const published = value.publishedVersion as { doi?: unknown; journal?: unknown } | undefined
  const external = value.externalIds as { arxivId?: unknown; pmid?: unknown } | undefined
  const doi = str(published?.doi)
  const arxiv = str(external?.arxivId)
  const date = citationDate(value.createdAt)
  const ld: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    name: title,
    url: canonical,
    description: abstract.slice(0, 500) || undefined,
    author: authors.length ? authors.map((name) => ({ '@type': 'Person', name })) : undefined,
    datePublished: str(value.createdAt),
  }
  return html`<meta name="description" content="${abstract.slice(0, 200)}">
<meta property="og:title" content="${title}">
<meta property="og:type" content="article">
<meta property="og:url" content="${canonical}">
<link rel="alternate" type="application/at-uri" href="${uri}">
${doi ? html`<link rel="alternate" href="${`https://doi.org/${doi}`}" title="${`DOI: ${doi}`}">\n` : ''}${arxiv ? html`<link rel="alternate" href="${`https://arxiv.org/abs/${arxiv}`}" title="${`ARXIV: ${arxiv}`}">\n` : ''}<meta name="citation_title" content="${title}">
${authors.map((a) => html`<meta name="citation_author" content="${a}">\n`)}${date ? html`<meta name="citation_publication_date" content="${date}">\n` : ''}${doi ? html`<meta name="citation_doi" content="${doi}">\n` : ''}${arxiv ? html`<meta name="citation_arxiv_id" content="${arxiv}">\n` : ''}${str(published?.journal) ? html`<meta name="citation_journal_title" content="${str(published?.journal)}">\n` : ''}<meta name="citation_abstract_html_url" content="${canonical}">
<script type="application/ld+json">${jsonForScript(ld)}</script>`
}

/** Backlinks the Chive stand-in knows, every page of them (a busy eprint has more than one; the
 * count in the heading must be the real one). Best effort: the page renders without them. */
async function backlinks(ctx: SiteContext, uri: string): Promise<{ sourceUri: string; sourceType: string }[]> {
  type Page = { backlinks?: { sourceUri?: unknown; sourceType?: unknown; deleted?: unknown }[]; cursor?: unknown }
  const all: NonNullable<Page['backlinks']> = []
  try {
    let cursor: string | undefined
    // Bounded: a stand-in answering the same cursor forever must not hang the page.
    for (let pages = 0; pages < 50; pages++) {
      const out = await xrpcGet<Page>(ctx.chiveUrl, 'pub.chive.backlink.list', { targetUri: uri, limit: 100, cursor })
      all.push(...(out.backlinks ?? []))
      cursor = typeof out.cursor === 'string' && out.cursor !== cursor ? out.cursor : undefined
      if (!cursor) break
    }
  } catch {
    // What was read so far (nothing, if Chive is down).
  }
  return all
    .filter((b) => typeof b.sourceUri === 'string' && b.deleted !== true)
    .map((b) => ({ sourceUri: b.sourceUri as string, sourceType: String(b.sourceType ?? 'other') }))
}

function parseEprintUri(uri: string): AtUri | undefined {
  try {
    const at = new AtUri(uri)
    return at.collection === EPRINT_NSID && at.rkey ? at : undefined
  } catch {
    return undefined
  }
}

export async function eprintPage(ctx: SiteContext, requested: string): Promise<PageResponse> {
  const at = parseEprintUri(requested)
  if (!at) return eprintNotFound()
  const did = await ctx.read.resolveActor(at.host)
  if (!did) return eprintNotFound()
  const uri = `at://${did}/${EPRINT_NSID}/${at.rkey}`
  const record = await ctx.read.getRecord(did, EPRINT_NSID, at.rkey)
  if (!record) return eprintNotFound()
  const value = record.value
  const title = str(value.title) ?? 'Untitled eprint'
  const abstract = abstractText(value)
  const authors = authorNames(value)
  const keywords = Array.isArray(value.keywords) ? value.keywords.filter((k): k is string => typeof k === 'string') : []
  const submitter = (await ctx.read.handleFor(did)) ?? did
  const cited = await backlinks(ctx, uri)
  const body = html`<article class="eprint" data-eprint-uri="${uri}">
<h1 class="eprint-title">${title}</h1>
<p class="eprint-authors">${authors.join(', ')}</p>
<section class="eprint-abstract"><h2>Abstract</h2><p>${abstract}</p></section>
${keywords.length ? html`<p class="eprint-keywords">Keywords: ${keywords.join(', ')}</p>` : ''}
<p class="muted">Submitted by @${submitter} · <time datetime="${str(value.createdAt) ?? ''}">${formatDate(value.createdAt)}</time></p>
<section class="eprint-backlinks"><h2>Backlinks (${cited.length})</h2>${
    cited.length ? html`<ul>${cited.map((b) => html`<li><code>${b.sourceUri}</code> <span class="muted">${b.sourceType}</span></li>`)}</ul>` : ''
  }</section>
</article>`
  return htmlResponse(
    200,
    page({ title: `${title} | ${SITE}`, head: headTags(uri, value, title, abstract), body: siteBody(SITE, '/', body) }),
  )
}

export function legacyEprint(did: string, rkey: string): PageResponse {
  return redirect(`/eprints/${encodeURIComponent(`at://${did}/${EPRINT_NSID}/${rkey}`)}`, 301)
}

export function eprintNotFound(): PageResponse {
  return notFoundPage(SITE, 'Eprint not found')
}

export async function chiveHome(ctx: SiteContext): Promise<PageResponse> {
  const eprints: { uri: string; title: string; createdAt: string }[] = []
  for (const did of knownDids(ctx.seed)) {
    for (const r of await ctx.read.listRecords(did, EPRINT_NSID)) {
      eprints.push({ uri: r.uri, title: str(r.value.title) ?? 'Untitled eprint', createdAt: str(r.value.createdAt) ?? '' })
    }
  }
  eprints.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const items = eprints.map((e) => html`<li>${link(`/eprints/${encodeURIComponent(e.uri)}`, e.title)}</li>`)
  return htmlResponse(
    200,
    page({
      title: `${SITE} — decentralized eprints`,
      body: siteBody(SITE, '/', html`<h1>Recent eprints</h1>${items.length ? html`<ul>${items}</ul>` : html`<p class="muted">None yet.</p>`}`),
    }),
  )
}
