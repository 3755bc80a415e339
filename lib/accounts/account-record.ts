// One account as the worker remembers it. A session (tokens, DPoP key) is not here: it lives in the
// OAuth session store. An account whose session ended elsewhere stays listed, signed out with the
// reason, so nothing stored for it is lost.
export interface AccountRecord {
  did: string
  handle?: string
  displayName?: string
  /** Origin of the account's PDS, for display. */
  pds?: string
  signedIn: boolean
  /** Why the account is signed out, in words a person reads. */
  signedOutReason?: string
}
