// The whole of what Tendril may do with a reader's account, requested at sign-in and written in the
// client metadata. Scopes verified against the reference PDS (REFERENCE.md, "Scopes"):
// - `atproto`: required for any atproto OAuth session;
// - `repo:ink.branchline.bookmark`: create, update and delete bookmark records, nothing else;
// - `rpc:pub.chive.backlink.create?aud=*`: service-auth tokens for creating a Chive backlink;
// - `rpc:pub.chive.backlink.delete?aud=*`: …and for undoing one Tendril made.
// (`aud=did:web:chive.pub` would be the tighter spelling, but the reference server rejects a bare
// DID there as invalid syntax and drops it silently.)
export const OAUTH_SCOPE =
  'atproto repo:ink.branchline.bookmark rpc:pub.chive.backlink.create?aud=* rpc:pub.chive.backlink.delete?aud=*'
