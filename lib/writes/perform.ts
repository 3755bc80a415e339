import { TokenInvalidError, TokenRefreshError, TokenRevokedError } from '@atproto/oauth-client'
import { XRPCError } from '@atproto/xrpc'
import { isNetworkFailure, toErrorInfo } from '../errors'
import type { TendrilXrpc } from '../xrpc/tendril-xrpc'
import { retryAfterMs } from './backoff'
import type { WriteEntry, WriteOp } from './entry'

type RecordOp = Exclude<WriteOp, { kind: 'service' }>

// One attempt at one journal entry, made safe to repeat. Whatever happened to an earlier attempt
// (answered, refused, or no answer at all because the connection dropped or the worker was
// stopped mid-request), running this again never writes twice and never loses the write:
// - create: the rkey is Tendril's; if an earlier attempt may have landed, the record at that rkey
//   is read first, and finding this very record there means done;
// - put: `swapRecord` makes the PDS refuse a rewrite over anything but what the decision saw; a
//   refusal (InvalidSwap) that finds the new content already there means an earlier attempt
//   landed: done; finding anything else is a conflict its feature decides again;
// - delete: finding the record gone means done;
// - a service call (Chive) is one that is safe to repeat as it is (see WriteOp), so it is simply
//   sent again; a token Chive no longer accepts is minted afresh once by the caller.

/** Why a write is waiting or stopped: `code` is stable, `message` is what the popup shows. */
export interface WriteError {
  code: string
  message: string
}

export type Attempt =
  | { kind: 'done'; uri?: string; cid?: string }
  /** Try again later; `maybeLanded`: the server may have applied it (check before resending). */
  | { kind: 'retry'; error: WriteError; maybeLanded: boolean; retryAfterMs?: number }
  /** Can never succeed as it is. */
  | { kind: 'failed'; error: WriteError }
  /** The record is not what the decision saw. */
  | { kind: 'conflict'; error: WriteError }
  /** The account must sign in again; the write waits for that account. */
  | { kind: 'paused'; error: WriteError }

/** Sends a service op for the entry's own account (lib/writes/service-call.ts). */
export type CallService = (op: Extract<WriteOp, { kind: 'service' }>, options: { signal?: AbortSignal }) => Promise<unknown>

export interface PerformDeps {
  /** The XRPC client of the entry's own account: never another's. */
  client: TendrilXrpc
  /** The service caller of the entry's own account. */
  callService?: CallService
  now: () => number
  /** Gives up waiting for one answer (it is then "no answer": retried after a check). */
  signal?: AbortSignal
}

export async function perform(entry: WriteEntry, deps: PerformDeps): Promise<Attempt> {
  try {
    return await attempt(entry, deps)
  } catch (error) {
    return classify(error, deps.now(), entry.op.kind === 'service' ? SERVICE_NAMES[entry.op.service] : undefined)
  }
}

const SERVICE_NAMES = { chive: 'Chive' } as const

async function attempt(entry: WriteEntry, deps: PerformDeps): Promise<Attempt> {
  const { op, did } = entry
  if (op.kind === 'service') {
    if (!deps.callService) throw new Error(`no caller for ${op.service}`)
    await deps.callService(op, { signal: deps.signal })
    return { kind: 'done' }
  }
  const repo = deps.client.com.atproto.repo
  const opts = { signal: deps.signal }
  const ref = { repo: did, collection: op.collection, rkey: op.rkey }

  if (op.kind === 'create') {
    if (entry.maybeLanded) {
      const found = await readRecord(deps.client, ref, opts)
      if (found) return sameRecord(found.value, op.record) ? { kind: 'done', uri: found.uri, cid: found.cid } : taken(op)
    }
    const { data } = await repo.createRecord({ ...ref, record: op.record }, opts)
    return { kind: 'done', uri: data.uri, cid: data.cid }
  }

  if (op.kind === 'put') {
    if (entry.maybeLanded) {
      const found = await readRecord(deps.client, ref, opts)
      if (found && sameRecord(found.value, op.record)) return { kind: 'done', uri: found.uri, cid: found.cid }
    }
    try {
      const { data } = await repo.putRecord({ ...ref, record: op.record, swapRecord: op.swapRecord }, opts)
      return { kind: 'done', uri: data.uri, cid: data.cid }
    } catch (error) {
      if (!isXrpcError(error, 'InvalidSwap')) throw error
      const found = await readRecord(deps.client, ref, opts)
      if (found && sameRecord(found.value, op.record)) return { kind: 'done', uri: found.uri, cid: found.cid }
      return changedElsewhere(op)
    }
  }

  // delete
  if (entry.maybeLanded && !(await readRecord(deps.client, ref, opts))) return { kind: 'done' }
  try {
    await repo.deleteRecord({ ...ref, ...(op.swapRecord ? { swapRecord: op.swapRecord } : {}) }, opts)
    return { kind: 'done' }
  } catch (error) {
    if (!isXrpcError(error, 'InvalidSwap')) throw error
    if (!(await readRecord(deps.client, ref, opts))) return { kind: 'done' }
    return changedElsewhere(op)
  }
}

async function readRecord(
  client: TendrilXrpc,
  ref: { repo: string; collection: string; rkey: string },
  opts: { signal?: AbortSignal },
): Promise<{ uri: string; cid?: string; value: unknown } | undefined> {
  try {
    const { data } = await client.com.atproto.repo.getRecord(ref, opts)
    return { uri: data.uri, cid: data.cid, value: data.value }
  } catch (error) {
    if (isXrpcError(error, 'RecordNotFound')) return undefined
    throw error
  }
}

/** What the journal does with a failure, from what it is (not from its message). `service`: the
 * failure came from that service (Chive), not from the reader's PDS. */
export function classify(error: unknown, now: number, service?: string): Attempt {
  const info = toErrorInfo(error)
  const code = (error as { code?: unknown }).code
  // Tendril's own session errors (lib/atproto/session-service.ts restore()).
  if (code === 'Unauthorized' || code === 'SessionExpired') return { kind: 'paused', error: info }
  if (code === 'PdsUnreachable') return { kind: 'retry', error: info, maybeLanded: true }
  if (code === 'RecordInvalid') return { kind: 'failed', error: info }
  if (error instanceof XRPCError) {
    const status = error.status
    const headers = error.headers ?? {}
    if (sessionEnded(error)) return { kind: 'paused', error: SESSION_ENDED }
    // 1 is @atproto/xrpc's "no answer" (fetch failed, aborted): the request may have landed.
    if (status === 1 || isNetworkFailure(error)) return { kind: 'retry', error: noAnswer(service), maybeLanded: true }
    if (status === 429) return { kind: 'retry', error: busy(service), maybeLanded: false, retryAfterMs: retryAfterMs(headers['retry-after'], now) }
    if (status >= 500) {
      return { kind: 'retry', error: serverError(status, service), maybeLanded: true, retryAfterMs: retryAfterMs(headers['retry-after'], now) }
    }
    if (status === 401 && service) {
      // The caller already minted a fresh token once: the reader's PDS no longer vouches for them.
      return { kind: 'paused', error: { code: 'SessionExpired', message: `${service} did not accept your account’s sign-in. Sign in again as this account and Tendril will send it.` } }
    }
    if (status === 401) {
      // The OAuth client already refreshed on `invalid_token` and throws when the session is over,
      // so a 401 that reaches here is about this request's DPoP proof. Seen in Chromium: when a
      // connection drops after the server got a POST, the browser may send the same request again,
      // same proof and all, and the PDS refuses the replayed proof. The first copy may have landed.
      if (/invalid_dpop_proof|use_dpop_nonce/.test(String(headers['www-authenticate'] ?? ''))) {
        return { kind: 'retry', error: NO_ANSWER, maybeLanded: true }
      }
      return { kind: 'paused', error: SESSION_ENDED }
    }
    return { kind: 'failed', error: { code: error.error ?? `HTTP ${status}`, message: refusal(error, service) } }
  }
  if (isNetworkFailure(error)) return { kind: 'retry', error: noAnswer(service), maybeLanded: true }
  return { kind: 'failed', error: info }
}

const NO_ANSWER = { code: 'NoAnswer', message: 'Your server did not answer. Tendril will try again.' }
// Who failed, in the words: the reader's own server, or the service (Chive) a write goes to.
const noAnswer = (service?: string) => (service ? { code: NO_ANSWER.code, message: `${service} did not answer. Tendril will try again.` } : NO_ANSWER)
const busy = (service?: string) => ({ code: 'RateLimited', message: `${service ?? 'Your server'} asked Tendril to slow down. Tendril will try again when it says.` })
const SESSION_ENDED = { code: 'SessionExpired', message: 'Your session ended. Sign in again as this account and Tendril will send it.' }
const serverError = (status: number, service?: string) => ({ code: `HTTP ${status}`, message: `${service ?? 'Your server'} had a problem (HTTP ${status}). Tendril will try again.` })
const refusal = (error: XRPCError, service?: string) => `${service ?? 'Your server'} refused this write${error.message && error.message !== error.error ? `: ${error.message}` : ` (${error.error ?? `HTTP ${error.status}`})`}.`

/** The OAuth client reports an ended session (refresh refused, token revoked) as the cause of the
 * XRPC failure. Told apart by class, as session-service.ts does: the library's classes set no
 * `name`, and a minified build renames the classes themselves. */
function sessionEnded(error: XRPCError): boolean {
  for (let e: unknown = error.cause, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof TokenRevokedError || e instanceof TokenInvalidError || e instanceof TokenRefreshError) return true
  }
  return false
}

function isXrpcError(error: unknown, name: string): boolean {
  return error instanceof XRPCError && error.error === name
}

function taken(op: RecordOp): Attempt {
  return { kind: 'conflict', error: { code: 'RecordTaken', message: `Another record already holds ${op.collection}/${op.rkey}.` } }
}

function changedElsewhere(op: RecordOp): Attempt {
  return { kind: 'conflict', error: { code: 'InvalidSwap', message: `This record changed elsewhere (${op.collection}/${op.rkey}).` } }
}

/** Same record content: JSON with keys in any order. */
export function sameRecord(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b)
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}
