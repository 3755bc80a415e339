// Helpers for the sandbox's own integration tests: raw HTTP against the stand-ins (status and body,
// never throwing, so tests can assert on failures) and sessions/service tokens from the real PDS.
import { readFile } from 'node:fs/promises'
import https from 'node:https'
import { TID } from '@atproto/common-web'
import { useSandbox } from '../../setup/sandbox.ts'
import { xrpc, xrpcUrl, type Params } from '../../sandbox/xrpc.ts'

export interface RawResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export async function raw<T = any>(
  service: string,
  nsid: string,
  opts: { params?: Params; body?: string | object; headers?: Record<string, string>; method?: string } = {},
): Promise<RawResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers }
  let body: string | undefined
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(xrpcUrl(service, nsid, opts.params), {
    method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed as T, headers: res.headers }
}

export interface Session {
  did: string
  handle: string
  accessJwt: string
}

export async function login(identifier: string): Promise<Session> {
  const sb = useSandbox()
  const account = [sb.seed.reader, ...sb.seed.writers].find((a) => a.handle === identifier || a.did === identifier)
  return xrpc(sb.pdsUrl, 'com.atproto.server.createSession', {
    body: { identifier, password: account?.password ?? '' },
  })
}

/** A service-auth JWT minted by the caller's own PDS (com.atproto.server.getServiceAuth). */
export async function serviceToken(
  session: Session,
  opts: { aud?: string; lxm?: string; exp?: number } = {},
): Promise<string> {
  const sb = useSandbox()
  const res = await xrpc<{ token: string }>(sb.pdsUrl, 'com.atproto.server.getServiceAuth', {
    token: session.accessJwt,
    params: { aud: opts.aud ?? sb.chiveServiceDid, lxm: opts.lxm ?? 'pub.chive.backlink.create', exp: opts.exp },
  })
  return res.token
}

/** A fresh AT-URI nobody else uses, so tests sharing the sandbox never collide. */
export function freshUri(did: string, collection: string): string {
  return `at://${did}/${collection}/${TID.nextStr()}`
}

export const rkeyOf = (uri: string) => uri.split('/').pop()!
export const didOf = (uri: string) => uri.split('/')[2]!

/** GETs a page the sandbox serves at a real hostname (`https://whtwnd.com/…`), as a browser with the
 * sandbox's host-resolver rules would: to 127.0.0.1 on the web port, with the site's name as SNI and
 * Host, trusting only the sandbox's generated certificate. */
export async function fetchSitePage(pageUrl: string): Promise<{ status: number; body: string }> {
  const sb = useSandbox()
  const url = new URL(pageUrl)
  const ca = await readFile(sb.web.certificatePath, 'utf8')
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: sb.web.port, servername: url.hostname, ca, path: url.pathname + url.search, headers: { host: url.hostname }, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}
