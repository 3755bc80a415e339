// A minimal XRPC client over fetch. The sandbox talks to its PDS with it (seeding, the Branchline
// stand-in's live reads) and tests may use it too. Deliberately tiny: no lexicon validation, so it
// can send exactly what a test wants, including malformed requests.

export class XrpcError extends Error {
  status: number
  error: string | undefined
  body: unknown
  constructor(status: number, body: unknown, nsid: string) {
    const b = (body ?? {}) as { error?: string; message?: string }
    super(`${nsid} → ${status} ${b.error ?? ''} ${b.message ?? ''}`.trim())
    this.status = status
    this.error = b.error
    this.body = body
  }
}

export type Params = Record<string, string | number | boolean | string[] | undefined>

export function xrpcUrl(service: string, nsid: string, params: Params = {}): string {
  const url = new URL(`/xrpc/${nsid}`, service)
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v))
  }
  return url.toString()
}

export async function xrpc<T = any>(
  service: string,
  nsid: string,
  opts: { params?: Params; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  const res = await fetch(xrpcUrl(service, nsid, opts.params), {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body,
  })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    parsed = text
  }
  if (!res.ok) throw new XrpcError(res.status, parsed, nsid)
  return parsed as T
}
