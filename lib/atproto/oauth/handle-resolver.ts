import {
  AtprotoDohHandleResolver,
  XrpcHandleResolver,
  type HandleResolver,
  type ResolveHandleOptions,
} from '@atproto-labs/handle-resolver'
import type { Endpoints } from '../../config/endpoints'

// Production resolves a handle the way atproto specifies — https://<handle>/.well-known/atproto-did,
// then the `_atproto` DNS TXT record (through DNS-over-HTTPS, since a browser has no DNS API) — and
// only then asks a public XRPC resolver, as Chive does. No backend of Tendril's own is involved.
export function createHandleResolverChain(endpoints: Endpoints, fetch?: typeof globalThis.fetch): HandleResolver {
  const xrpc = new XrpcHandleResolver(endpoints.handleResolverUrl, { fetch })
  if (!endpoints.dohUrl) return xrpc
  const direct = new AtprotoDohHandleResolver({ dohEndpoint: endpoints.dohUrl, fetch })
  return {
    async resolve(handle: string, options?: ResolveHandleOptions) {
      const did = await direct.resolve(handle, options).catch(() => null)
      return did ?? xrpc.resolve(handle, options)
    },
  }
}
