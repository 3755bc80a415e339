import { isValidDid } from '@atproto/syntax'
import { AppViewUnavailableError, HandleNotFoundError } from '../errors'

// Handle → DID through an XRPC com.atproto.identity.resolveHandle service (the build's
// handleResolverUrl). Used for bud pages addressed by handle; sign-in uses the OAuth client's own
// resolver. A 400 from the service means "no such handle", anything else is an outage.
export function createHandleResolver(deps: { serviceUrl: string; fetch?: typeof fetch }) {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  return async function resolveHandle(handle: string): Promise<string> {
    const url = `${deps.serviceUrl.replace(/\/$/, '')}/xrpc/com.atproto.identity.resolveHandle?handle=${encodeURIComponent(handle)}`
    let response: Response
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' } })
    } catch (cause) {
      throw new AppViewUnavailableError('The handle resolver', { cause })
    }
    if (response.status === 400 || response.status === 404) throw new HandleNotFoundError(handle)
    if (!response.ok) throw new AppViewUnavailableError('The handle resolver')
    const body = (await response.json().catch(() => undefined)) as { did?: unknown } | undefined
    if (!body || !isValidDid(body.did)) throw new HandleNotFoundError(handle)
    return body.did
  }
}

export type ResolveHandle = ReturnType<typeof createHandleResolver>
