import { lexicons } from '../lexicons/generated/lexicons'

/**
 * Checks an AppView's answer against the query's lexicon output (lexicons/), so a peer's change of
 * shape is caught at the boundary rather than deep in the UI. Unknown extra fields are allowed, as
 * lexicon objects are open. Throws the validator's error (its message names the field).
 */
export function assertXrpcOutput<T>(nsid: string, body: unknown): T {
  lexicons.assertValidXrpcOutput(nsid, body)
  return body as T
}
