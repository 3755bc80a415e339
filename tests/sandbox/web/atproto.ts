// Plain XRPC reads against the sandbox's own services (the PDS, the Branchline stand-in). Every
// page reads live at request time, so records a test writes while the sandbox runs show up at
// once; nothing is cached.

import { isValidDid, isValidHandle } from '@atproto/syntax'

export class XrpcError extends Error {
  readonly status: number
  readonly error: string | undefined
  constructor(status: number, error: string | undefined, message: string) {
    super(message)
    this.name = 'XrpcError'
    this.status = status
    this.error = error
  }
}

const TIMEOUT_MS = 10_000

/** GET `<service>/xrpc/<nsid>?params` and parse its JSON. Array params repeat the key. */
export async function xrpcGet<T>(
  service: string,
  nsid: string,
  params: Record<string, string | number | string[] | undefined>,
): Promise<T> {
  const url = new URL(`/xrpc/${nsid}`, service)
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v))
  }
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
  const text = await res.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!res.ok) {
    const err = body as { error?: string; message?: string } | undefined
    throw new XrpcError(res.status, err?.error, `${nsid}: ${res.status} ${err?.error ?? ''} ${err?.message ?? text.slice(0, 200)}`)
  }
  return body as T
}

export interface RecordEntry<T = Record<string, unknown>> {
  uri: string
  cid?: string
  value: T
}

export interface ReadClient {
  pdsUrl: string
  /** A DID for a DID or handle, or undefined when it does not resolve. */
  resolveActor(actor: string): Promise<string | undefined>
  /** The handle the PDS has for a DID (undefined if the repo is unknown). */
  handleFor(did: string): Promise<string | undefined>
  /** One record, or undefined when it does not exist. `cid` asks for that exact version. */
  getRecord<T = Record<string, unknown>>(did: string, collection: string, rkey: string, cid?: string): Promise<RecordEntry<T> | undefined>
  /** Every record of a collection in a repo (all pages), newest first as the PDS lists them. */
  listRecords<T = Record<string, unknown>>(did: string, collection: string): Promise<RecordEntry<T>[]>
  /** A blob's bytes, or undefined when missing. */
  getBlob(did: string, cid: string): Promise<Uint8Array | undefined>
}

function isNotFound(err: unknown): boolean {
  if (!(err instanceof XrpcError)) return false
  return err.status === 404 || (err.status === 400 && /NotFound|Could not locate|Unable to resolve|RepoNotFound|InvalidRequest/i.test(`${err.error} ${err.message}`))
}

export function createReadClient(pdsUrl: string): ReadClient {
  return {
    pdsUrl,
    async resolveActor(actor) {
      const id = actor.trim()
      if (id.startsWith('did:')) return isValidDid(id) ? id : undefined
      const handle = id.replace(/^@/, '').toLowerCase()
      if (!isValidHandle(handle)) return undefined
      try {
        const out = await xrpcGet<{ did: string }>(pdsUrl, 'com.atproto.identity.resolveHandle', { handle })
        return out.did
      } catch (err) {
        if (isNotFound(err)) return undefined
        throw err
      }
    },
    async handleFor(did) {
      try {
        const out = await xrpcGet<{ handle?: string }>(pdsUrl, 'com.atproto.repo.describeRepo', { repo: did })
        return out.handle
      } catch (err) {
        if (isNotFound(err)) return undefined
        throw err
      }
    },
    async getRecord(did, collection, rkey, cid) {
      try {
        return await xrpcGet(pdsUrl, 'com.atproto.repo.getRecord', { repo: did, collection, rkey, cid })
      } catch (err) {
        if (isNotFound(err)) return undefined
        throw err
      }
    },
    async listRecords(did, collection) {
      const all: RecordEntry<never>[] = []
      let cursor: string | undefined
      try {
        for (let page = 0; page < 50; page++) {
          const out = await xrpcGet<{ records: RecordEntry<never>[]; cursor?: string }>(pdsUrl, 'com.atproto.repo.listRecords', {
            repo: did,
            collection,
            limit: 100,
            cursor,
          })
          all.push(...out.records)
          if (!out.cursor || out.records.length === 0) break
          cursor = out.cursor
        }
      } catch (err) {
        if (isNotFound(err)) return all
        throw err
      }
      return all
    },
    async getBlob(did, cid) {
      const url = new URL('/xrpc/com.atproto.sync.getBlob', pdsUrl)
      url.searchParams.set('did', did)
      url.searchParams.set('cid', cid)
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
      if (!res.ok) return undefined
      return new Uint8Array(await res.arrayBuffer())
    },
  }
}
