import { TendrilError } from '../errors'

// The one error of lib/records, self-contained so it can later move into lib/errors.ts unchanged in
// shape: branch on `code` (stable), show `message` (names the NSID and the failing field).

/** Data that Tendril reads or is about to send does not match its lexicon: a record fetched from a
 * PDS, a record Tendril is about to write, or an XRPC input body. */
export class RecordInvalidError extends TendrilError {
  /** The lexicon the data was checked against, e.g. `ink.branchline.bookmark`. */
  readonly nsid: string
  constructor(nsid: string, detail: string, options?: { cause?: unknown }) {
    super('RecordInvalid', `Invalid ${nsid}: ${detail}`, options)
    this.nsid = nsid
  }
}
