// reading-notes.example: an unrelated personal blog whose prose links to bud and eprint pages in
// the shapes seen in the wild. `blogLinks(seed)` is what the page links (tests read it instead of
// scraping); the page is rendered from the seed alone, as a third-party site would be.

import type { SeedManifest } from '../../types.ts'
import { html, link, page, type SafeHtml } from '../html.ts'
import { htmlResponse, type PageResponse } from '../context.ts'

export interface BlogLink {
  href: string
  text: string
  /** What the link names: its AT-URI (eprint or bud). */
  target: string
  form:
    | 'bud-root'
    | 'bud-leaf'
    | 'bud-handle'
    | 'bud-crosspost-fragment'
    | 'eprint-canonical'
    | 'eprint-raw-at-uri'
    | 'eprint-legacy'
}

export interface BlogContent {
  links: BlogLink[]
  /** An eprint whose title appears in plain text, not linked. */
  mention?: { target: string; title: string }
}

function parts(uri: string): { did: string; rkey: string } | undefined {
  const m = /^at:\/\/([^/]+)\/[^/]+\/([^/]+)$/.exec(uri)
  return m ? { did: m[1]!, rkey: m[2]! } : undefined
}

function budUrl(uri: string, actor?: string): string | undefined {
  const p = parts(uri)
  return p ? `https://branchline.ink/bud/${actor ?? p.did}/${p.rkey}` : undefined
}

/** The links and the plain mention the blog page carries, derived from the seed. */
export function blogLinks(seed: SeedManifest): BlogContent {
  const links: BlogLink[] = []
  const handles = new Map([seed.reader, ...seed.writers].filter(Boolean).map((a) => [a.did, a.handle]))
  for (const story of seed.stories.slice(0, 3)) {
    const href = budUrl(story.root)
    if (href) links.push({ href, text: story.title, target: story.root, form: 'bud-root' })
  }
  const leaf = seed.buds?.deepBranch?.leaf
  const leafUrl = leaf ? budUrl(leaf) : undefined
  if (leaf && leafUrl) {
    links.push({ href: leafUrl, text: 'the deepest branch I have read so far', target: leaf, form: 'bud-leaf' })
    links.push({ href: `${leafUrl}#bud-${parts(leaf)!.rkey}`, text: 'a crosspost of that bud', target: leaf, form: 'bud-crosspost-fragment' })
  }
  const demo = seed.buds?.demo
  const demoHandle = demo ? handles.get(parts(demo)?.did ?? '') : undefined
  const demoUrl = demo && demoHandle ? budUrl(demo, demoHandle) : undefined
  if (demo && demoUrl) links.push({ href: demoUrl, text: 'a friend’s favourite bud', target: demo, form: 'bud-handle' })

  const eprints = seed.eprints ?? []
  const mentioned = eprints.length > 1 ? eprints[eprints.length - 1] : undefined
  const linked = mentioned ? eprints.slice(0, -1) : eprints
  linked.forEach((e, i) => {
    const p = parts(e.uri)
    if (i % 3 === 0 || !p) links.push({ href: e.pageUrl, text: e.title, target: e.uri, form: 'eprint-canonical' })
    else if (i % 3 === 1) links.push({ href: `https://chive.pub/eprints/${e.uri}`, text: e.title, target: e.uri, form: 'eprint-raw-at-uri' })
    else links.push({ href: `https://chive.pub/eprint/${p.did}/${p.rkey}`, text: e.title, target: e.uri, form: 'eprint-legacy' })
  })
  return { links, mention: mentioned ? { target: mentioned.uri, title: mentioned.title } : undefined }
}

function a(l: BlogLink | undefined): SafeHtml {
  return l ? link(l.href, l.text) : html``
}

export function blogPage(seed: SeedManifest): PageResponse {
  const { links, mention } = blogLinks(seed)
  const of = (form: BlogLink['form']) => links.filter((l) => l.form === form)
  const roots = of('bud-root')
  const eprints = links.filter((l) => l.form.startsWith('eprint-'))
  const body = html`<header class="site"><a href="/">Reading notes</a></header>
<main>
<article class="post">
<h1>Notes from a week of reading</h1>
<p class="muted">A personal blog. Nothing here is affiliated with the sites it links to.</p>
<p>I spent most evenings inside collaborative fiction this week.${roots.length ? html` I started with ${roots.map((r, i) => html`${i > 0 ? (i === roots.length - 1 ? ' and ' : ', ') : ''}${a(r)}`)}, stories that grow in branches rather than chapters.` : ''}
${of('bud-leaf').length ? html`The branch I liked best goes deep: here is ${a(of('bud-leaf')[0])}.` : ''}</p>
${of('bud-crosspost-fragment').length ? html`<p>Someone shared ${a(of('bud-crosspost-fragment')[0])} on their timeline, which is how I found it.</p>` : ''}
${of('bud-handle').length ? html`<p>Also worth your time: ${a(of('bud-handle')[0])}.</p>` : ''}
${eprints.length ? html`<p>On the research side I read ${eprints.map((e, i) => html`${i > 0 ? (i === eprints.length - 1 ? ' and ' : ', ') : ''}“${a(e)}”`)}.</p>` : ''}
${mention ? html`<p>Still on my list: “${mention.title}”, which a colleague recommended over lunch (no link, I only have the title).</p>` : ''}
</article>
</main>`
  return htmlResponse(200, page({ title: 'Notes from a week of reading — Reading notes', body }))
}
