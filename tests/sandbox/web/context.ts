// What every site renderer gets, and what it gives back.

import type { SeedManifest } from '../types.ts'
import type { ReadClient } from './atproto.ts'
import { html, page, type SafeHtml } from './html.ts'

export interface SiteContext {
  read: ReadClient
  branchlineUrl: string
  chiveUrl: string
  seed: SeedManifest
}

export interface PageResponse {
  status: number
  body: string
  headers?: Record<string, string>
}

export function htmlResponse(status: number, body: string, headers: Record<string, string> = {}): PageResponse {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } }
}

export function jsonResponse(status: number, value: unknown): PageResponse {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8' } }
}

export function redirect(location: string, status = 308): PageResponse {
  return htmlResponse(status, page({ title: 'Moved', body: html`<p>Moved to <a href="${location}">${location}</a>.</p>` }), {
    location,
  })
}

/** A plain "not found" page for a site. */
export function notFoundPage(siteName: string, message: string, status = 404): PageResponse {
  return htmlResponse(
    status,
    page({
      title: `Not found · ${siteName}`,
      body: html`<main><p class="muted">404</p><h1>${message}</h1></main>`,
    }),
  )
}

/** Site chrome shared by the simple pages: a header naming the site and the content. */
export function siteBody(siteName: string, home: string, content: SafeHtml): SafeHtml {
  return html`<header class="site"><a href="${home}">${siteName}</a></header>
<main>${content}</main>`
}

/** `2026-04-18T…` ⇒ `April 18, 2026` (UTC), or the raw string when it is not a date. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string') return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/** Every account the seed names: where the home pages look for stories and eprints. */
export function knownDids(seed: SeedManifest): string[] {
  const dids = new Set<string>()
  for (const account of [seed.reader, ...seed.writers]) if (account?.did) dids.add(account.did)
  for (const uri of [...seed.stories.map((s) => s.root), ...seed.eprints.map((e) => e.uri)]) {
    const did = /^at:\/\/([^/]+)\//.exec(uri)?.[1]
    if (did?.startsWith('did:')) dids.add(did)
  }
  return [...dids]
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
