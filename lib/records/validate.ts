// Checks records and XRPC inputs against the lexicons in lexicons/ (through the `Lexicons` instance
// lex-cli generates from them), so what Tendril reads from a PDS or is about to send is the shape its
// types claim. No hand-written schemas here: the lexicon JSON is the only source of truth.
import { jsonToLex } from '@atproto/lexicon'
import { isValidDatetime } from '@atproto/syntax'
import { lexicons } from '../lexicons/generated/lexicons'
import type * as AppBskyFeedPost from '../lexicons/generated/types/app/bsky/feed/post'
import type * as ComWhtwndBlogEntry from '../lexicons/generated/types/com/whtwnd/blog/entry'
import type * as InkBranchlineBookmark from '../lexicons/generated/types/ink/branchline/bookmark'
import type * as InkBranchlineBud from '../lexicons/generated/types/ink/branchline/bud'
import type * as NetworkCosmikCard from '../lexicons/generated/types/network/cosmik/card'
import type * as NetworkCosmikCollection from '../lexicons/generated/types/network/cosmik/collection'
import type * as NetworkCosmikCollectionLink from '../lexicons/generated/types/network/cosmik/collectionLink'
import type * as PubChiveBacklinkCreate from '../lexicons/generated/types/pub/chive/backlink/create'
import type * as PubChiveEprintSubmission from '../lexicons/generated/types/pub/chive/eprint/submission'
import type * as PubLeafletDocument from '../lexicons/generated/types/pub/leaflet/document'
import type * as SiteStandardDocument from '../lexicons/generated/types/site/standard/document'
import { RecordInvalidError } from './errors'

type JsonValue = Parameters<typeof jsonToLex>[0]

/** The record collections Tendril reads or writes, by NSID. */
export interface RecordTypes {
  'ink.branchline.bookmark': InkBranchlineBookmark.Record
  'ink.branchline.bud': InkBranchlineBud.Record
  'pub.chive.eprint.submission': PubChiveEprintSubmission.Record
  'app.bsky.feed.post': AppBskyFeedPost.Record
  'com.whtwnd.blog.entry': ComWhtwndBlogEntry.Record
  'pub.leaflet.document': PubLeafletDocument.Record
  'site.standard.document': SiteStandardDocument.Record
  'network.cosmik.card': NetworkCosmikCard.Record
  'network.cosmik.collection': NetworkCosmikCollection.Record
  'network.cosmik.collectionLink': NetworkCosmikCollectionLink.Record
}
export type RecordNsid = keyof RecordTypes

export type BookmarkRecord = InkBranchlineBookmark.Record
export type BacklinkCreateInput = PubChiveBacklinkCreate.InputSchema

/**
 * Validates a record in its JSON form (as getRecord/listRecords return it) against the lexicon
 * `nsid`, including `$type`, which must equal `nsid`. Returns the checked value in lexicon form:
 * blobs become `BlobRef`s and defaults the lexicon declares are filled in (e.g. a WhiteWind entry's
 * `visibility` reads `"public"` when absent). Throws `RecordInvalidError` naming the failing field.
 */
export function validateRecord<N extends RecordNsid>(nsid: N, value: unknown): RecordTypes[N] {
  return check(nsid, () => lexicons.assertValidRecord(nsid, jsonToLex(value as JsonValue))) as RecordTypes[N]
}

/** Builds and validates an `ink.branchline.bookmark`. Only `uri` and `cid` are taken from `subject`,
 * so nothing a caller carries along (a view's extra fields) leaks into the user's repo. `createdAt`
 * must be a strict atproto datetime (with a timezone): the lexicon validator is lenient, which suits
 * reading other people's records, but what Tendril writes should meet the spec. */
export function buildBookmarkRecord(input: {
  subject: { uri: string; cid: string }
  createdAt: string
}): BookmarkRecord {
  const record: BookmarkRecord = {
    $type: 'ink.branchline.bookmark',
    subject: { uri: input.subject.uri, cid: input.subject.cid },
    createdAt: input.createdAt,
  }
  const valid = validateRecord('ink.branchline.bookmark', record)
  if (!isValidDatetime(valid.createdAt)) {
    throw new RecordInvalidError(
      'ink.branchline.bookmark',
      `Record/createdAt must be a datetime with a timezone, e.g. 2026-03-01T12:00:00.000Z (got ${valid.createdAt})`,
    )
  }
  return valid
}

/** Validates a record about to be written to `collection` (any collection Tendril has a record
 * lexicon for; any other is refused: Tendril writes only what it can validate). */
export function validateRecordToWrite(collection: string | undefined, value: unknown): void {
  const nsid = collection ?? '(no collection)'
  if (!collection || lexicons.getDef(collection)?.type !== 'record') {
    throw new RecordInvalidError(nsid, 'Tendril has no lexicon for this collection, so it does not write to it')
  }
  check(collection, () => lexicons.assertValidRecord(collection, jsonToLex(value as JsonValue)))
}

/** Validates an XRPC call's parameters and input body against the method's lexicon. */
export function validateXrpcRequest(nsid: string, params: Record<string, unknown> | undefined, input: unknown): void {
  check(nsid, () => lexicons.assertValidXrpcParams(nsid, params ?? {}))
  if (input !== undefined) check(nsid, () => lexicons.assertValidXrpcInput(nsid, input))
}

/** Validates the body of a `pub.chive.backlink.create` call (an XRPC input, not a record: no
 * `$type`). `sourceType` is open (knownValues), so an unlisted type passes. */
export function validateBacklinkCreateInput(input: unknown): BacklinkCreateInput {
  const nsid = 'pub.chive.backlink.create'
  return check(nsid, () => lexicons.assertValidXrpcInput(nsid, input)) as BacklinkCreateInput
}

function check(nsid: string, run: () => unknown): unknown {
  try {
    return run()
  } catch (err) {
    // ValidationError from the validator, or a malformed `$link`/blob from jsonToLex: both mean the
    // data is wrong; the validator's message already names the field (e.g. "Record/subject/cid").
    const detail = err instanceof Error ? err.message : String(err)
    throw new RecordInvalidError(nsid, detail, { cause: err })
  }
}
