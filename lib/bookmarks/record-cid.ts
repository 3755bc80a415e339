import { cidForLex } from '@atproto/lex-cbor'

// The CID a PDS will give a record, computed here (DAG-CBOR, sha-256, CIDv1: the atproto data
// model). Knowing it before the write is sent lets a decision rewrite a bookmark whose own create
// is still in the journal, and lets undo be decided at once (swapRecord = the CID of what Tendril
// wrote), with no read and no waiting. tests/integration/bookmarks checks it against the PDS.
export async function recordCid(record: Record<string, unknown>): Promise<string> {
  return (await cidForLex(record as never)).toString()
}
