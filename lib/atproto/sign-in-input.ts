import { isValidDid, isValidHandle } from '@atproto/syntax'
import { TendrilError } from '../errors'

// What a reader may type into the sign-in field: a handle (`@Alice.bsky.social ` is fine), a DID,
// or the URL of their PDS / entryway (with its scheme: `bsky.social` alone is a handle). Everything
// is checked here, before any network call.

export type SignInInput =
  | { kind: 'handle'; handle: string }
  | { kind: 'did'; did: string }
  | { kind: 'service'; url: string }

export class InvalidSignInInputError extends TendrilError {
  constructor(message: string) {
    super('InvalidSignInInput', message)
  }
}

export function parseSignInInput(raw: string, options: { allowHttp?: boolean } = {}): SignInInput {
  const text = raw.trim()
  if (!text) throw new InvalidSignInInputError('Type your handle (like alice.bsky.social) to sign in.')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'service', url: parseServiceUrl(text, options.allowHttp ?? false) }
  if (/^did:/i.test(text)) {
    if (!isValidDid(text)) throw new InvalidSignInInputError(`“${text}” is not a valid DID.`)
    return { kind: 'did', did: text }
  }
  const handle = text.replace(/^@/, '').toLowerCase()
  if (!isValidHandle(handle)) {
    throw new InvalidSignInInputError(
      handle.includes('.')
        ? `“${handle}” is not a valid handle.`
        : `“${handle}” is not a full handle. Include the domain, like ${handle || 'alice'}.bsky.social.`,
    )
  }
  return { kind: 'handle', handle }
}

function parseServiceUrl(text: string, allowHttp: boolean): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InvalidSignInInputError(`“${text}” is not a valid server address.`)
  }
  // Plain http only in the sandbox build: a production sign-in always travels over https.
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new InvalidSignInInputError(`A server address must start with https:// (got ${url.protocol}//).`)
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new InvalidSignInInputError('Give just the server’s address, like https://bsky.social.')
  }
  return url.origin
}

/** The string the OAuth client resolves (it accepts a handle, a DID or a service URL). */
export function toOAuthInput(input: SignInInput): string {
  return input.kind === 'handle' ? input.handle : input.kind === 'did' ? input.did : input.url
}
