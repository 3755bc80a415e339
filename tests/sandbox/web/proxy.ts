// `/xrpc/*` on branchline.ink and (api.)chive.pub goes to the stand-in AppViews, as the real sites
// serve their XRPC on the same host. Method, path, query, body and end-to-end headers
// (Authorization included) pass through unchanged; only hop-by-hop headers are dropped and Host
// names the upstream.

import http from 'node:http'

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
])

/** Request headers to forward: end-to-end ones, plus the X-Forwarded-* trio. */
export function forwardHeaders(incoming: http.IncomingHttpHeaders, upstreamHost: string, remote: string | undefined): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {}
  const listed = new Set(
    String(incoming.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue
    out[name] = value
  }
  out.host = upstreamHost
  out['x-forwarded-host'] = incoming.host ?? ''
  out['x-forwarded-proto'] = 'https'
  if (remote) out['x-forwarded-for'] = incoming['x-forwarded-for'] ? `${incoming['x-forwarded-for']}, ${remote}` : remote
  return out
}

function responseHeaders(incoming: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value
  }
  return out
}

/** Streams `req` to `upstream` (an http:// base URL) and the answer back to `res`. */
export function proxyRequest(req: http.IncomingMessage, res: http.ServerResponse, upstream: string): void {
  const base = new URL(upstream)
  const target = new URL(req.url ?? '/', base)
  const outgoing = http.request(
    {
      protocol: base.protocol,
      hostname: base.hostname,
      port: base.port,
      method: req.method,
      path: target.pathname + target.search,
      headers: forwardHeaders(req.headers, base.host, req.socket.remoteAddress),
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, responseHeaders(upstreamRes.headers))
      upstreamRes.pipe(res)
    },
  )
  outgoing.on('error', (err) => {
    if (res.headersSent) {
      res.destroy(err)
      return
    }
    const body = JSON.stringify({ error: 'UpstreamFailure', message: `sandbox proxy: ${upstream} unreachable (${err.message})` })
    res.writeHead(502, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
    res.end(body)
  })
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy()
  })
  req.pipe(outgoing)
}
