// branchline.ink: the home page (stories → their root buds) and bud pages, rendered from the
// Branchline stand-in's getBranch/getBuds (as the real site's loader does) with the PDS filling in
// any field a view lacks. Markup follows StoryTree's src/components/Branch.tsx: the root→leaf path
// is `<ol class="reading-list">` with one `<li data-bud-uri="at://…">` per bud. Unlike StoryTree's
// HEAD we also put `id="bud-<rkey>"` on each `<li>` so crosspost links (`…#bud-<rkey>`) scroll to
// their bud; the extension must not depend on that id.

import { xrpcGet } from '../atproto.ts'
import { html, page, type SafeHtml } from '../html.ts'
import { formatDate, htmlResponse, jsonResponse, knownDids, str, type PageResponse, type SiteContext } from '../context.ts'
import { textWithBreaks } from '../richtext.ts'
import { BRANCHLINE_SPA_SCRIPT } from './branchline-spa.ts'

export const BUD_NSID = 'ink.branchline.bud'
const SITE = 'Branchline'

export interface BudView {
  uri: string
  cid?: string
  title?: string
  text?: string
  createdAt?: string
  parent?: { uri: string; cid?: string }
  author?: { did: string; handle?: string; displayName?: string }
  children?: string[]
}

/** `at://<did>/ink.branchline.bud/<rkey>` ⇒ `/bud/<did>/<rkey>`. */
export function budPath(uri: string): string {
  const m = /^at:\/\/([^/]+)\/[^/]+\/([^/]+)$/.exec(uri)
  return m ? `/bud/${m[1]}/${m[2]}` : '/'
}

function rkeyOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1)
}

function didOf(uri: string): string {
  return /^at:\/\/([^/]+)/.exec(uri)?.[1] ?? ''
}

async function getBranch(ctx: SiteContext, bud: string): Promise<string[]> {
  const out = await xrpcGet<{ buds?: unknown }>(ctx.branchlineUrl, 'ink.branchline.getBranch', { bud })
  return Array.isArray(out.buds) ? out.buds.filter((u): u is string => typeof u === 'string') : []
}

/** Views for `uris` in order; URIs neither the stand-in nor the PDS knows are left out. */
async function hydrate(ctx: SiteContext, uris: string[]): Promise<BudView[]> {
  const views = new Map<string, BudView>()
  for (let i = 0; i < uris.length; i += 25) {
    const chunk = uris.slice(i, i + 25)
    const out = await xrpcGet<{ buds?: BudView[] }>(ctx.branchlineUrl, 'ink.branchline.getBuds', { uris: chunk })
    for (const view of out.buds ?? []) if (view && typeof view.uri === 'string') views.set(view.uri, view)
  }
  const result: BudView[] = []
  for (const uri of uris) {
    let view = views.get(uri)
    if (!view || typeof view.title !== 'string' || typeof view.text !== 'string' || !view.author) {
      const record = await ctx.read.getRecord(didOf(uri), BUD_NSID, rkeyOf(uri))
      if (!record && !view) continue
      const value = record?.value ?? {}
      view = {
        ...view,
        uri,
        title: view?.title ?? str(value.title),
        text: view?.text ?? str(value.text),
        createdAt: view?.createdAt ?? str(value.createdAt),
        author: view?.author ?? { did: didOf(uri), handle: await ctx.read.handleFor(didOf(uri)) },
      }
    }
    result.push(view)
  }
  return result
}

function authorLabel(view: BudView): string {
  const a = view.author
  if (!a) return 'anonymous'
  return a.displayName?.trim() || (a.handle && a.handle !== a.did ? `@${a.handle}` : a.did)
}

function prose(text: string | undefined): SafeHtml {
  const paragraphs = (text ?? '').split(/\n{2,}/).filter((p) => p.trim() !== '')
  return html`${paragraphs.map((p) => html`<p>${textWithBreaks(p)}</p>`)}`
}

function budItem(view: BudView): SafeHtml {
  const branches = view.children?.length ?? 0
  return html`<li data-bud-uri="${view.uri}" id="bud-${rkeyOf(view.uri)}">
<article class="story">
<h2 class="story-title">${view.title ?? ''}</h2>
<div class="story-prose">${prose(view.text)}</div>
<footer class="byline"><span class="byline-dash" aria-hidden="true">—</span> <span class="byline-handle">${authorLabel(view)}</span> · <time datetime="${view.createdAt ?? ''}">${formatDate(view.createdAt)}</time> · <a class="branch-indicator" href="${budPath(view.uri)}">${branches} ${branches === 1 ? 'branch' : 'branches'}</a></footer>
</article>
</li>`
}

interface Rendered {
  status: number
  title: string
  main: SafeHtml
  head?: SafeHtml
}

/** `extraScript`: a test-only attack script of the hostile-page suite (sites/hostile.ts), run
 * after the site's own. */
function shell(rendered: Rendered, extraScript?: string): string {
  return page({
    title: rendered.title,
    head: rendered.head,
    body: html`<header class="site"><a href="/">${SITE}</a></header>
<main id="app" data-status="${rendered.status}">${rendered.main}</main>`,
    script: extraScript ? `${BRANCHLINE_SPA_SCRIPT}\n${extraScript}` : BRANCHLINE_SPA_SCRIPT,
  })
}

function respond(rendered: Rendered, fragment: boolean, extraScript?: string): PageResponse {
  if (fragment) return jsonResponse(rendered.status, { status: rendered.status, title: rendered.title, main: rendered.main.value })
  return htmlResponse(rendered.status, shell(rendered, extraScript))
}

function notFound(): Rendered {
  // The real site renders this in-app (its not-found component); we also answer HTTP 404.
  return {
    status: 404,
    title: SITE,
    main: html`<p class="masthead-kicker">404</p><h1 class="masthead-title">Not a bud we know.</h1>`,
  }
}

async function renderBud(ctx: SiteContext, actor: string, rkey: string): Promise<Rendered> {
  const did = await ctx.read.resolveActor(actor)
  if (!did) return notFound()
  const uri = `at://${did}/${BUD_NSID}/${rkey}`
  const path = await getBranch(ctx, uri)
  if (path.length === 0 || path[path.length - 1] !== uri) return notFound()
  const buds = await hydrate(ctx, path)
  const leaf = buds[buds.length - 1]
  if (!leaf || leaf.uri !== uri) return notFound()
  const root = buds[0]!
  const children = await hydrate(ctx, leaf.children ?? [])
  const showPair = root.uri !== leaf.uri && root.title && leaf.title && root.title !== leaf.title
  const pageUrl = `https://branchline.ink${budPath(uri)}`
  const description = `${(leaf.text ?? '').slice(0, 200)} — by ${authorLabel(leaf)} on Branchline`
  const cont = children.length
    ? html`<h2>Continue the story</h2>
<ul class="continue-list">${children.map(
        (child) => html`<li><a class="continue-link" href="${budPath(child.uri)}">continue with “${child.title ?? 'untitled'}” by ${authorLabel(child)}</a></li>`,
      )}</ul>`
    : html`<p class="muted">No one has continued this branch yet.</p>`
  return {
    status: 200,
    title: `${leaf.title ?? 'Untitled'} · ${SITE}`,
    head: html`<meta name="description" content="${description}">
<meta property="og:type" content="article">
<meta property="og:title" content="${leaf.title ?? ''}">
<meta property="og:url" content="${pageUrl}">
<meta property="og:site_name" content="Branchline">`,
    main: html`<header class="reading-masthead">
<h1 class="masthead-title">${showPair ? html`${root.title}<br><em>and ${leaf.title}</em>` : (leaf.title ?? root.title ?? '')}</h1>
<p class="masthead-byline">By ${authorLabel(leaf)}</p>
</header>
<ol class="reading-list">
${buds.map(budItem)}
</ol>
<nav class="continue-story" aria-label="Continue the story">${cont}</nav>`,
  }
}

interface StoryEntry {
  root: string
  title: string
  author: string
  createdAt: string
  budCount: number
}

/** Stories: root buds (no parent, or a seed as parent) in the repos the seed names, newest first. */
async function listStories(ctx: SiteContext): Promise<StoryEntry[]> {
  const records: { uri: string; value: Record<string, unknown>; handle: string }[] = []
  for (const did of knownDids(ctx.seed)) {
    const list = await ctx.read.listRecords(did, BUD_NSID)
    if (list.length === 0) continue
    const handle = (await ctx.read.handleFor(did)) ?? did
    for (const r of list) records.push({ uri: r.uri, value: r.value, handle })
  }
  const parentOf = new Map<string, string | undefined>()
  for (const r of records) {
    const parent = (r.value.parent as { uri?: unknown } | undefined)?.uri
    parentOf.set(r.uri, typeof parent === 'string' && parent.includes(`/${BUD_NSID}/`) ? parent : undefined)
  }
  const rootOf = (uri: string): string => {
    let current = uri
    for (let guard = 0; guard < 10_000; guard++) {
      const parent = parentOf.get(current)
      if (!parent || !parentOf.has(parent)) return current
      current = parent
    }
    return current
  }
  const counts = new Map<string, number>()
  for (const r of records) counts.set(rootOf(r.uri), (counts.get(rootOf(r.uri)) ?? 0) + 1)
  return records
    .filter((r) => parentOf.get(r.uri) === undefined)
    .map((r) => ({
      root: r.uri,
      title: str(r.value.title) ?? 'Untitled',
      author: `@${r.handle}`,
      createdAt: str(r.value.createdAt) ?? '',
      budCount: counts.get(r.uri) ?? 1,
    }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

async function renderHome(ctx: SiteContext): Promise<Rendered> {
  const stories = await listStories(ctx)
  const items = stories.map(
    (s) =>
      html`<li class="story-card"><a href="${budPath(s.root)}">${s.title}</a> <span class="muted">by ${s.author} · ${s.budCount} ${s.budCount === 1 ? 'bud' : 'buds'}</span></li>`,
  )
  return {
    status: 200,
    title: 'Branchline — stories grow in branches',
    main: html`<header class="reading-masthead"><h1 class="masthead-title">Stories grow <em>in branches.</em></h1></header>
<section class="stories"><h2>Stories</h2>${items.length ? html`<ul class="story-list">${items}</ul>` : html`<p class="muted">No stories yet.</p>`}</section>`,
  }
}

export async function branchlineHome(ctx: SiteContext, fragment: boolean): Promise<PageResponse> {
  return respond(await renderHome(ctx), fragment)
}

export async function budPage(ctx: SiteContext, actor: string, rkey: string, fragment: boolean, extraScript?: string): Promise<PageResponse> {
  return respond(await renderBud(ctx, actor, rkey), fragment, extraScript)
}

export function branchlineNotFound(fragment: boolean): PageResponse {
  return respond(notFound(), fragment)
}
