import { AppViewUnavailableError, HandleNotFoundError, isNetworkFailure } from '../errors'

// Handle → DID for bud pages addressed by handle, through the same identity resolver the OAuth
// client uses (well-known, DNS-over-HTTPS, then the XRPC resolver; cached in IndexedDB), so there is
// one way to resolve a handle in Tendril. An outage is not "no such handle".

export interface IdentityResolverLike {
  resolve(identifier: string): Promise<{ did: string }>
}

export type ResolveHandle = (handle: string) => Promise<string>

export function createHandleResolver(identity: IdentityResolverLike): ResolveHandle {
  return async function resolveHandle(handle) {
    try {
      return (await identity.resolve(handle)).did
    } catch (cause) {
      if (isNetworkFailure(cause)) throw new AppViewUnavailableError('The handle lookup', { cause })
      throw new HandleNotFoundError(handle, { cause })
    }
  }
}
