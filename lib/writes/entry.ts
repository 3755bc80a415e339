// One write the reader asked for, as the journal keeps it in IndexedDB (store `writes`, under the
// account's DID) from before it is sent until its server confirmed it.
//
// The format is versioned (`v`): an extension update must find and finish the writes an older
// version entered. `readEntry` upgrades every older version it knows and leaves alone (never sends,
// never deletes) an entry of a newer version, which only a downgrade can produce.

export const ENTRY_VERSION = 1

/** What to do at the reader's PDS. Every op names its record (collection + rkey), so a retry can
 * check whether an earlier attempt already landed. */
export type WriteOp =
  /** A new record under a Tendril-chosen TID rkey: a retry that finds that rkey holding this
   * record is done. */
  | { kind: 'create'; collection: string; rkey: string; record: Record<string, unknown> }
  /** Rewrite in place, only over `swapRecord` (the CID the decision saw): a retry that finds the
   * new content already there is done; anything else there goes back to the feature. */
  | { kind: 'put'; collection: string; rkey: string; record: Record<string, unknown>; swapRecord: string }
  /** Remove, only over `swapRecord` when given: a retry that finds the record gone is done. */
  | { kind: 'delete'; collection: string; rkey: string; swapRecord?: string }
  /** A procedure at a service that authenticates the reader with a service-auth token minted by
   * their PDS (Chive's backlink.create / backlink.delete). Such calls cannot be checked first, so
   * only calls that are safe to repeat as they are go here, and `key` names what makes them so:
   * Chive keeps one backlink per source (`sourceUri`), so a create sent twice leaves one backlink,
   * and a delete sent twice leaves none. Calls with the same key are sent in order. */
  | { kind: 'service'; service: 'chive'; nsid: ServiceNsid; input: Record<string, unknown>; key: string }

/** The service procedures the journal may send (each safe to repeat, see above). */
export type ServiceNsid = 'pub.chive.backlink.create' | 'pub.chive.backlink.delete'

export type EntryStatus =
  /** Waiting to be sent (now or after `nextAttemptAt`). */
  | 'pending'
  /** Stopped for good: `error` says why. Retry or discard from the popup. */
  | 'failed'
  /** The record changed elsewhere since the decision (InvalidSwap): its feature decides again. */
  | 'conflict'

export interface WriteEntry {
  v: typeof ENTRY_VERSION
  /** Unique and time-ordered (a TID): the journal's key and the order writes are sent in. */
  id: string
  /** The account the write belongs to. It is only ever sent with this account's session. */
  did: string
  /** The feature that decided it (e.g. `bookmark`), which decides again on a conflict. */
  feature: string
  /** What the reader asked for, in words, for the popup: e.g. `Bookmark “The Keeper’s Log”`. */
  label: string
  op: WriteOp
  /** What its feature needs to decide again if the record changed elsewhere (InvalidSwap), once;
   * absent when a conflict is only reported. Plain data. */
  redecide?: unknown
  status: EntryStatus
  /** Attempts that reached the network (or tried to). */
  attempts: number
  /** Epoch ms before which it is not sent again (backoff, Retry-After). */
  nextAttemptAt: number
  /** An earlier attempt may have reached the server (no answer, or a 5xx): check before sending. */
  maybeLanded: boolean
  /** The last failure, in words (`code` stable, `message` for a person). */
  error?: { code: string; message: string }
  createdAt: number
}

/** The record an op touches, as `collection/rkey`: writes to one record are sent in order. */
export const recordKey = (op: WriteOp) => (op.kind === 'service' ? `${op.service}:${op.key}` : `${op.collection}/${op.rkey}`)

/** A stored entry in the current format, or undefined for one this version cannot read (a newer
 * format, or not an entry at all): such entries are left in place, untouched. */
export function readEntry(stored: unknown): WriteEntry | undefined {
  if (!stored || typeof stored !== 'object') return undefined
  const entry = stored as Partial<WriteEntry>
  if (entry.v === ENTRY_VERSION && typeof entry.id === 'string' && typeof entry.did === 'string' && entry.op) return entry as WriteEntry
  return undefined
}
