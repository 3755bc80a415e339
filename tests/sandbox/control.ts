// The sandbox's loopback control server: test-only levers and inspection that must never be part of
// the stand-ins' public surface.
//   GET  /health                → {ok, pds: {running, url}, uptimeMs}
//   GET  /ready                 → the ready object (same as the ready line)
//   POST /pds/stop              → stops the PDS (data kept); {ok, pds: {running: false}}
//   POST /pds/start             → starts it again on the same port and data; {ok, pds: {running: true}}
//   GET  /chive/backlinks       → every stored backlink row, deleted ones included
//   POST /chive/reset           → forgets all backlinks
//   GET  /chive/auth-failures   → why recent service tokens were refused (newest last)
//   GET  /pds/oauth-tokens?did= → {did, live, total}: the PDS's own OAuth tokens for that account, read
//                                 from its account database (`token` table). `total` counts every row;
//                                 `live` those still usable: not expired (the access token's
//                                 `expiresAt` is ahead) and not revoked (revocation deletes the row).
//                                 400 without a `did`, 503 while the PDS is stopped.
//   POST /pds/revoke-oauth-tokens?did= → {did, revoked}: revokes every OAuth token of that account as
//                                 its "connected apps" page would (a session ended elsewhere).
//   GET  /requests?since=<seq>  → {requests, next}: every request the sandbox's servers received
//                                 with seq >= since (default 0), oldest first, with Origin and
//                                 Sec-Fetch-* (request-log.ts); `next` is the seq of the next one.
//   POST /requests/reset        → forgets the recorded requests (seq keeps counting)
import http from 'node:http'
import type { BacklinkStore } from './chive-store.ts'
import type { AuthFailure } from './chive-auth.ts'
import { closeServer, listenLoopback, sendJson } from './net.ts'
import type { PdsController } from './pds.ts'
import type { RequestLog } from './request-log.ts'
import type { SandboxReady } from './types.ts'

export interface ControlTargets {
  pds: PdsController
  chive: { store: BacklinkStore; auth: { failures: AuthFailure[] } }
  requests: RequestLog
  ready: () => SandboxReady | undefined
  log: (msg: string) => void
}

export async function startControlServer(port: number, targets: ControlTargets) {
  const started = Date.now()
  const pdsState = () => ({ running: targets.pds.running, url: targets.pds.url })

  const routes: Record<string, (url: URL) => Promise<[number, unknown]> | [number, unknown]> = {
    'GET /health': () => [200, { ok: true, pds: pdsState(), uptimeMs: Date.now() - started }],
    'GET /ready': () => {
      const ready = targets.ready()
      return ready ? [200, ready] : [503, { error: 'NotReady' }]
    },
    'POST /pds/stop': async () => {
      const t = performance.now()
      await targets.pds.stop()
      targets.log(`control: PDS stopped in ${Math.round(performance.now() - t)} ms`)
      return [200, { ok: true, pds: pdsState() }]
    },
    'POST /pds/start': async () => {
      const t = performance.now()
      await targets.pds.start()
      targets.log(`control: PDS started in ${Math.round(performance.now() - t)} ms`)
      return [200, { ok: true, pds: pdsState() }]
    },
    'GET /pds/oauth-tokens': async (url) => {
      const did = url.searchParams.get('did')
      if (!did?.startsWith('did:')) return [400, { error: 'InvalidRequest', message: 'give ?did=<did>' }]
      if (!targets.pds.running) return [503, { error: 'PdsStopped' }]
      return [200, { did, ...(await targets.pds.oauthTokens(did)) }]
    },
    'POST /pds/revoke-oauth-tokens': async (url) => {
      const did = url.searchParams.get('did')
      if (!did?.startsWith('did:')) return [400, { error: 'InvalidRequest', message: 'give ?did=<did>' }]
      if (!targets.pds.running) return [503, { error: 'PdsStopped' }]
      return [200, { did, revoked: await targets.pds.revokeOauthTokens(did) }]
    },
    'GET /chive/backlinks': () => [200, { backlinks: targets.chive.store.all() }],
    'POST /chive/reset': () => {
      targets.chive.store.clear()
      return [200, { ok: true }]
    },
    'GET /chive/auth-failures': () => [200, { failures: targets.chive.auth.failures }],
    'GET /requests': (url) => {
      const since = Number(url.searchParams.get('since') ?? 0)
      if (!Number.isInteger(since) || since < 0) return [400, { error: 'InvalidRequest', message: 'since must be a seq (integer >= 0)' }]
      return [200, targets.requests.since(since)]
    },
    'POST /requests/reset': () => {
      targets.requests.reset()
      return [200, { ok: true }]
    },
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://control.invalid')
    const route = routes[`${req.method} ${url.pathname}`]
    req.resume() // bodies are ignored; drain them so keep-alive works
    if (!route) return sendJson(res, 404, { error: 'NotFound', routes: Object.keys(routes) })
    try {
      const [status, body] = await route(url)
      sendJson(res, status, body)
    } catch (err) {
      targets.log(`control: ${(err as Error).stack ?? err}`)
      sendJson(res, 500, { error: 'InternalServerError', message: (err as Error).message })
    }
  })
  await listenLoopback(server, port)
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) }
}
