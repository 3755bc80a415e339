// Batches seed records into one com.atproto.repo.applyWrites per repo (chunks of the PDS's
// 200-write limit). Records are planned first — URI from a chosen TID rkey, CID computed locally —
// so records can reference each other (strongRefs, embeds) before anything is sent. Writing still
// goes through each account's own session, like any client would.
import { TID } from '@atproto/common-web'
import type { AccountSession } from '../accounts.ts'
import { xrpc } from '../xrpc.ts'
import { recordCid } from './cid.ts'

export interface StrongRef {
  uri: string
  cid: string
}

interface Planned extends StrongRef {
  collection: string
  rkey: string
  record: Record<string, unknown>
}

const MAX_WRITES = 200

export class SeedWriter {
  private pdsUrl: string
  private queues = new Map<string, { account: AccountSession; writes: Planned[] }>()
  private usedMicros = new Set<number>()

  constructor(pdsUrl: string) {
    this.pdsUrl = pdsUrl
  }

  /** A TID for the record's own creation time (as the writing client would have minted it then),
   * nudged by a microsecond if two records share a timestamp, so rkeys never collide. */
  tidAt(date: Date): string {
    let micros = date.getTime() * 1000
    while (this.usedMicros.has(micros)) micros++
    this.usedMicros.add(micros)
    return TID.fromTime(micros, Math.floor(Math.random() * 32)).toString()
  }

  /** Plans a record; returns its strongRef at once. `createdAt` in the record picks the rkey time. */
  plan(account: AccountSession, collection: string, record: Record<string, unknown>, rkey?: string): StrongRef {
    const value: Record<string, unknown> = { $type: collection, ...record }
    const created = typeof value.createdAt === 'string' ? new Date(value.createdAt) : new Date()
    const key = rkey ?? this.tidAt(created)
    const planned: Planned = {
      uri: `at://${account.did}/${collection}/${key}`,
      cid: recordCid(value),
      collection,
      rkey: key,
      record: value,
    }
    let queue = this.queues.get(account.did)
    if (!queue) this.queues.set(account.did, (queue = { account, writes: [] }))
    queue.writes.push(planned)
    return { uri: planned.uri, cid: planned.cid }
  }

  /** Sends everything planned: repos in parallel, each repo's chunks in order. */
  async flush(): Promise<number> {
    const queues = [...this.queues.values()]
    this.queues.clear()
    const counts = await Promise.all(queues.map((q) => this.flushRepo(q.account, q.writes)))
    return counts.reduce((a, b) => a + b, 0)
  }

  private async flushRepo(account: AccountSession, writes: Planned[]): Promise<number> {
    for (let i = 0; i < writes.length; i += MAX_WRITES) {
      const chunk = writes.slice(i, i + MAX_WRITES)
      const res = await xrpc<{ results: { uri: string; cid: string }[] }>(
        this.pdsUrl,
        'com.atproto.repo.applyWrites',
        {
          token: account.accessJwt,
          body: {
            repo: account.did,
            writes: chunk.map((w) => ({
              $type: 'com.atproto.repo.applyWrites#create',
              collection: w.collection,
              rkey: w.rkey,
              value: w.record,
            })),
          },
        },
      )
      res.results.forEach((result, j) => {
        const want = chunk[j]!
        if (result.uri !== want.uri || result.cid !== want.cid) {
          throw new Error(
            `seed: PDS stored ${result.uri} ${result.cid}, expected ${want.uri} ${want.cid} (local CID encoding drifted)`,
          )
        }
      })
    }
    return writes.length
  }
}
