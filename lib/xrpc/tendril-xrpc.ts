import { XrpcClient, type FetchHandler, type FetchHandlerOptions, type CallOptions, type QueryParams } from '@atproto/xrpc'
import { ComNS, InkNS, PubNS } from '../lexicons/generated/index'
import { lexicons } from '../lexicons/generated/lexicons'
import { validateRecordToWrite, validateXrpcRequest } from '../records/validate'

// The one XRPC client of the worker: @atproto/xrpc over Tendril's own lexicons/ (about fifty
// documents), instead of @atproto/api's Agent with every app.bsky and tools.ozone lexicon, which
// made the worker five times larger and its every wake slower. Typed namespaces come from the code
// lex-cli generates for lexicons/ (`client.com.atproto.repo.createRecord(…)`).
//
// Stricter than XrpcClient, which only checks answers: before anything is sent, the parameters and
// the input body are checked against the method's lexicon, and a record being written (createRecord,
// putRecord, applyWrites) against its collection's record lexicon. A collection Tendril has no
// lexicon for is refused: Tendril writes only what it can validate.

const REPO_WRITES = new Set(['com.atproto.repo.createRecord', 'com.atproto.repo.putRecord'])

export class TendrilXrpc extends XrpcClient {
  readonly com: ComNS
  readonly ink: InkNS
  readonly pub: PubNS

  /** `handler`: an OAuth session's `fetchHandler` (signed, for a PDS) or `{service}` (a public AppView). */
  constructor(handler: FetchHandler | FetchHandlerOptions) {
    // The shared instance: built once per worker start, not once per client.
    super(handler, lexicons)
    this.com = new ComNS(this)
    this.ink = new InkNS(this)
    this.pub = new PubNS(this)
  }

  override async call(nsid: string, params?: QueryParams, data?: unknown, opts?: CallOptions) {
    checkOutgoing(nsid, params, data)
    return super.call(nsid, params, data, opts)
  }
}

/** Throws `RecordInvalidError` when a request's parameters, input or record break their lexicons. */
export function checkOutgoing(nsid: string, params: QueryParams | undefined, data: unknown): void {
  validateXrpcRequest(nsid, params, data)
  if (data === undefined) return
  const body = data as { collection?: string; record?: unknown; writes?: Array<{ $type?: string; collection?: string; value?: unknown }> }
  if (REPO_WRITES.has(nsid)) validateRecordToWrite(body.collection, body.record)
  if (nsid === 'com.atproto.repo.applyWrites') {
    for (const write of body.writes ?? []) {
      if (write.$type !== 'com.atproto.repo.applyWrites#delete') validateRecordToWrite(write.collection, write.value)
    }
  }
}
