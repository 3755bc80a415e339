// The sandbox's web: pages at the real sites' hostnames (branchline.ink, chive.pub, bsky.app, …),
// served over HTTPS on loopback with a certificate made at start, routed by the Host header and
// rendered from the sandbox's live records. Chromium reaches it through --host-resolver-rules, so
// the extension's real manifest match patterns are what run.

import { writeFile } from 'node:fs/promises'
import type http from 'node:http'
import https from 'node:https'
import path from 'node:path'
import type { Socket } from 'node:net'
import type { SeedManifest } from '../types.ts'
import { createReadClient } from './atproto.ts'
import { createCertificate } from './cert.ts'
import { htmlResponse, notFoundPage, type PageResponse, type SiteContext } from './context.ts'
import { html, page } from './html.ts'
import { proxyRequest } from './proxy.ts'
import { routeRequest, type Route } from './routing.ts'
import { blogPage } from './sites/blog.ts'
import { branchlineHome, branchlineNotFound, budPage } from './sites/branchline.ts'
import { postPage } from './sites/bluesky.ts'
import { chiveHome, eprintNotFound, eprintPage, legacyEprint } from './sites/chive.ts'
import { documentPage } from './sites/leaflet.ts'
import { collectionPage } from './sites/semble.ts'
import { entryByTitlePage, entryPage } from './sites/whitewind.ts'
import { beaconResponse, hostileBudScript, hostileIndex, hostilePage, hostileSourceScript } from './sites/hostile.ts'

export interface WebServerOptions {
  port: number
  pdsUrl: string
  plcUrl: string
  branchlineUrl: string
  chiveUrl: string
  seed: SeedManifest
  tmpDir: string
}

export interface WebServer {
  certificatePath: string
  close(): Promise<void>
}

const SITE_NAMES: Record<string, string> = {
  'bsky.app': 'Bluesky',
  'whtwnd.com': 'WhiteWind',
  'leaflet.pub': 'Leaflet',
  'semble.so': 'Semble',
  'reading-notes.example': 'Reading notes',
}

/** The page for a route (proxies are handled before this). `search` is the raw query string. */
export async function renderRoute(ctx: SiteContext, route: Route, search = ''): Promise<PageResponse> {
  switch (route.kind) {
    case 'unknown-host':
      return htmlResponse(421, page({ title: 'Misdirected request', body: html`<p>This sandbox does not serve ${route.host || 'that host'}.</p>` }))
    case 'method-not-allowed':
      return htmlResponse(405, page({ title: 'Method not allowed', body: html`<p>Method not allowed.</p>` }), { allow: 'GET, HEAD' })
    case 'not-found':
      // In-app navigation asks for `?fragment=1` on any Branchline path, known or not.
      if (route.host === 'branchline.ink') return branchlineNotFound(new URLSearchParams(search).get('fragment') === '1')
      if (route.host === 'chive.pub' || route.host === 'api.chive.pub') return eprintNotFound()
      return notFoundPage(SITE_NAMES[route.host] ?? route.host, 'Page not found')
    case 'proxy':
      throw new Error('proxy routes are streamed, not rendered')
    case 'branchline-home':
      return branchlineHome(ctx, route.fragment)
    case 'bud': {
      if (route.hostile === undefined) return budPage(ctx, route.actor, route.rkey, route.fragment)
      const script = hostileBudScript(route.hostile)
      if (!script) return notFoundPage('Branchline', `No hostile bud page "${route.hostile}"`, 400)
      return budPage(ctx, route.actor, route.rkey, route.fragment, script)
    }
    case 'lookalike-bud':
      return budPage(ctx, route.actor, route.rkey, false)
    case 'hostile-index':
      return hostileIndex()
    case 'hostile-page':
      return hostilePage(route.name, search)
    case 'beacon':
      return beaconResponse()
    case 'favicon':
      return { status: 204, body: '', headers: { 'cache-control': 'max-age=86400' } }
    case 'chive-home':
      return chiveHome(ctx)
    case 'eprint':
      return eprintPage(ctx, route.uri)
    case 'eprint-legacy':
      return legacyEprint(route.did, route.rkey)
    case 'bsky-post': {
      if (route.hostile === undefined) return postPage(ctx, route.actor, route.rkey)
      const script = hostileSourceScript(route.hostile)
      if (!script) return notFoundPage('Bluesky', `No hostile post page "${route.hostile}"`, 400)
      return postPage(ctx, route.actor, route.rkey, script)
    }
    case 'whtwnd-entry':
      return entryPage(ctx, route.actor, route.rkey, route.cid)
    case 'whtwnd-entry-by-title':
      return entryByTitlePage(ctx, route.actor, route.title)
    case 'leaflet-document':
      return documentPage(ctx, route.actor, route.rkey)
    case 'semble-collection':
      return collectionPage(ctx, route.actor, route.rkey)
    case 'blog-home':
      return blogPage(ctx.seed)
  }
}

function send(req: http.IncomingMessage, res: http.ServerResponse, response: PageResponse): void {
  const body = Buffer.from(response.body, 'utf8')
  res.writeHead(response.status, {
    'cache-control': 'no-store',
    'content-length': body.length,
    ...response.headers,
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const { key, cert } = await createCertificate()
  const certificatePath = path.join(opts.tmpDir, 'web-cert.pem')
  await writeFile(certificatePath, cert)
  const ctx: SiteContext = {
    read: createReadClient(opts.pdsUrl),
    branchlineUrl: opts.branchlineUrl,
    chiveUrl: opts.chiveUrl,
    seed: opts.seed,
  }

  const server = https.createServer({ key, cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://sandbox.invalid')
    const route = routeRequest(req.headers.host, req.method ?? 'GET', url.pathname, url.search)
    if (route.kind === 'proxy') {
      proxyRequest(req, res, route.upstream === 'branchline' ? opts.branchlineUrl : opts.chiveUrl)
      return
    }
    req.resume()
    renderRoute(ctx, route, url.search).then(
      (response) => send(req, res, response),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err)
        console.error(`[sandbox web] ${req.headers.host}${req.url}: ${message}`)
        if (!res.headersSent) {
          send(req, res, htmlResponse(502, page({ title: 'Upstream error', body: html`<h1>Upstream error</h1><pre>${message}</pre>` })))
        } else res.destroy()
      },
    )
  })
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  let closing: Promise<void> | undefined
  return {
    certificatePath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
        for (const socket of sockets) socket.destroy()
      })
      return closing
    },
  }
}
