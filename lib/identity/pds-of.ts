import { isNetworkFailure, PdsUnreachableError } from '../errors'

// A DID → the URL of its PDS, from its DID document (the `#atproto_pds` service), through the same
// identity resolver (and cache) the OAuth client uses. Used to read public records at their
// author's own server when an AppView does not know them yet.

type DidDocument = { service?: Array<{ id: string; type: string; serviceEndpoint: unknown }> }

/** The OAuth client's identity resolver: `getDocumentFromDid` (atproto's resolver has it) reads
 * just the DID document; `resolve` also checks the handle, one request more. */
export interface DidDocumentSource {
  getDocumentFromDid?(did: string): Promise<DidDocument>
  resolve(did: string): Promise<{ didDoc: DidDocument }>
}

export type PdsOf = (did: string) => Promise<string | undefined>

export function pdsEndpoint(doc: { service?: Array<{ id: string; type: string; serviceEndpoint: unknown }> }, did: string): string | undefined {
  const service = doc.service?.find((s) => (s.id === '#atproto_pds' || s.id === `${did}#atproto_pds`) && s.type === 'AtprotoPersonalDataServer')
  return typeof service?.serviceEndpoint === 'string' ? service.serviceEndpoint : undefined
}

export function createPdsLocator(source: DidDocumentSource): PdsOf {
  return async (did) => {
    try {
      const doc = source.getDocumentFromDid ? await source.getDocumentFromDid(did) : (await source.resolve(did)).didDoc
      return pdsEndpoint(doc, did)
    } catch (cause) {
      if (isNetworkFailure(cause)) throw new PdsUnreachableError({ cause })
      return undefined
    }
  }
}
