import { recordCid } from '../../../lib/bookmarks/record-cid'
import { TendrilXrpc } from '../../../lib/xrpc/tendril-xrpc'

// An in-memory repo behind Tendril's real XRPC client, for unit tests of the journal and the
// bookmark service: the repo methods they use (getRecord, listRecords, createRecord, putRecord,
// deleteRecord) with the PDS's own answers
// (RecordNotFound, InvalidSwap, "already exists"), and faults queued per write:
// - `fail`: answer HTTP <status> without applying (optionally with Retry-After);
// - `drop`: apply, then lose the answer (the client sees a network failure);
// - `hang`: never answer (the journal's timeout must give up);
// - `commit-and-hang`: apply, then never answer (a worker stopped while waiting for the answer).

type Fault = { kind: 'fail'; status: number; retryAfter?: string } | { kind: 'drop' } | { kind: 'hang' } | { kind: 'commit-and-hang' }

export function createFakePds() {
  const records = new Map<string, { value: unknown; cid: string }>()
  const faults: Fault[] = []
  const calls: string[] = []
  let writesApplied = 0

  // The CID a real PDS gives a record (DAG-CBOR, sha-256), so swaps computed ahead agree with it.
  const cidOf = (value: unknown) => recordCid(value as Record<string, unknown>)
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

  async function handle(url: string, init: RequestInit): Promise<Response> {
    const u = new URL(url, 'https://pds.test')
    const nsid = u.pathname.replace('/xrpc/', '')
    calls.push(nsid)
    if (nsid === 'com.atproto.repo.getRecord') {
      const key = `${u.searchParams.get('repo')}/${u.searchParams.get('collection')}/${u.searchParams.get('rkey')}`
      const found = records.get(key)
      if (!found) return json(400, { error: 'RecordNotFound', message: `Could not locate record: ${key}` })
      return json(200, { uri: `at://${key}`, cid: found.cid, value: found.value })
    }
    if (nsid === 'com.atproto.repo.listRecords') {
      const prefix = `${u.searchParams.get('repo')}/${u.searchParams.get('collection')}/`
      const limit = Number(u.searchParams.get('limit') ?? 50)
      const after = u.searchParams.get('cursor')
      const keys = [...records.keys()].filter((k) => k.startsWith(prefix)).sort().reverse()
      const page = keys.filter((k) => after === null || k.slice(prefix.length) < after).slice(0, limit)
      const out = page.map((k) => ({ uri: `at://${k}`, cid: records.get(k)!.cid, value: records.get(k)!.value }))
      return json(200, { records: out, ...(page.length === limit ? { cursor: page[page.length - 1]!.slice(prefix.length) } : {}) })
    }
    const body = JSON.parse(await new Response(init.body).text()) as { repo: string; collection: string; rkey: string; record?: unknown; swapRecord?: string }
    const key = `${body.repo}/${body.collection}/${body.rkey}`
    const fault = faults.shift()
    if (fault?.kind === 'fail') {
      return json(fault.status, { error: fault.status === 429 ? 'RateLimitExceeded' : 'InternalServerError', message: 'fault' }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {})
    }
    if (fault?.kind === 'hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    }
    let answer: Response
    const current = records.get(key)
    if (nsid === 'com.atproto.repo.createRecord') {
      if (current) answer = json(400, { error: 'InvalidRequest', message: `Record already exists: ${key}` })
      else {
        const cid = await cidOf(body.record)
        records.set(key, { value: body.record, cid })
        writesApplied++
        answer = json(200, { uri: `at://${key}`, cid })
      }
    } else if (nsid === 'com.atproto.repo.putRecord') {
      if (body.swapRecord !== undefined && current?.cid !== body.swapRecord) answer = json(400, { error: 'InvalidSwap', message: `Record was at ${current?.cid ?? 'null'}` })
      else {
        const cid = await cidOf(body.record)
        records.set(key, { value: body.record, cid })
        writesApplied++
        answer = json(200, { uri: `at://${key}`, cid })
      }
    } else if (nsid === 'com.atproto.repo.deleteRecord') {
      if (body.swapRecord !== undefined && current?.cid !== body.swapRecord) answer = json(400, { error: 'InvalidSwap', message: 'swap' })
      else {
        if (current) writesApplied++
        records.delete(key)
        answer = json(200, {})
      }
    } else answer = json(400, { error: 'MethodNotImplemented', message: nsid })
    if (fault?.kind === 'drop') throw new TypeError('fetch failed: the connection dropped after the write')
    if (fault?.kind === 'commit-and-hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))
    }
    return answer
  }

  return {
    client: new TendrilXrpc(handle),
    records,
    calls,
    get writesApplied() {
      return writesApplied
    },
    /** Queues faults for the next writes (reads are never affected). */
    fault(...next: Fault[]) {
      faults.push(...next)
    },
    cidOf,
  }
}
