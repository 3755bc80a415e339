import { buildBookmarkRecord } from '../records/validate'
import { parseBudUri } from '../sites/branchline'

// The bookmark record, in one place. Branchline has published no bookmark lexicon
// (../shared/REFERENCE.md): `ink.branchline.bookmark` {subject: strongRef, createdAt} is Tendril's
// own, modelled on ink.branchline.pollen (lexicons/ink/branchline/bookmark.json). Adopting a schema
// Branchline publishes later is a change to this file (plus a migration of existing records).

export const BOOKMARK_COLLECTION = 'ink.branchline.bookmark'

export interface StrongRef {
  uri: string
  cid: string
}

/** A bookmark as a decision sees it: where it is in the reader's repo and what it points at. */
export interface Bookmark {
  rkey: string
  /** The record's own CID (what a rewrite swaps over); undefined while Tendril's write is unsent. */
  cid?: string
  subject: StrongRef
  createdAt: string
}

/** The record to write, validated against lexicons/ (lib/records/validate.ts). */
export function bookmarkRecord(subject: StrongRef, createdAt: string): Record<string, unknown> {
  return { ...buildBookmarkRecord({ subject, createdAt }) }
}

/** A stored record's value as a bookmark on a bud, or undefined for a malformed or foreign one
 * (skipped and counted, never trusted). The lexicon check happens at the XRPC edge; this adds what
 * a lexicon cannot say: the subject must be a bud. */
export function readBookmark(rkey: string, cid: string | undefined, value: unknown): Bookmark | undefined {
  if (!value || typeof value !== 'object') return undefined
  const v = value as { subject?: { uri?: unknown; cid?: unknown }; createdAt?: unknown }
  const uri = v.subject?.uri
  const subjectCid = v.subject?.cid
  if (typeof uri !== 'string' || typeof subjectCid !== 'string' || typeof v.createdAt !== 'string') return undefined
  if (!parseBudUri(uri)) return undefined
  return { rkey, cid, subject: { uri, cid: subjectCid }, createdAt: v.createdAt }
}
