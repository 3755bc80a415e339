import { XRPCError } from '@atproto/xrpc'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'

// A public record read where it lives: its author's PDS (found from the DID document), never a
// page or an AppView. `undefined` when the PDS says there is no such record; an unreachable PDS
// throws (the caller says so in words).
export async function readPublicRecord(
  doFetch: typeof fetch,
  pds: string,
  ref: { did: string; collection: string; rkey: string },
): Promise<{ uri: string; cid?: string; value: unknown } | undefined> {
  try {
    const { data } = await new TendrilXrpc({ service: pds, fetch: doFetch }).com.atproto.repo.getRecord({ repo: ref.did, collection: ref.collection, rkey: ref.rkey })
    return data
  } catch (error) {
    if (error instanceof XRPCError && (error.error === 'RecordNotFound' || error.status === 400 || error.status === 404)) return undefined
    throw error
  }
}
