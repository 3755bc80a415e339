import { XRPCError } from '@atproto/xrpc'
import type { ServiceAuth } from '../atproto/service-auth'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'
import type { CallService } from './perform'

// How the journal sends a service op (a Chive backlink create or delete): straight to the service,
// never through the PDS proxy, with `Authorization: Bearer <service-auth token>` that the reader's
// PDS minted for that service's DID and that very method (`lxm`, set although Chive does not check
// it). The input is checked against lexicons/ before it leaves, the answer after.
//
// A token the service refuses (`AuthenticationRequired`: expired on its clock, or the account's
// signing key rotated since) is dropped and minted afresh once; a second refusal goes back to the
// journal, which then waits for the reader to sign in again.

export interface ServiceTarget {
  /** Base URL, e.g. https://chive.pub (configuration, lib/config/endpoints.ts). */
  url: string
  /** The service DID the token is minted for (`aud`), e.g. did:web:chive.pub. */
  did: string
}

export function createServiceCaller(deps: {
  serviceAuth: Pick<ServiceAuth, 'token' | 'forget'>
  services: { chive: ServiceTarget }
  fetch?: typeof fetch
}) {
  return (did: string): CallService =>
    async (op, { signal }) => {
      const target = deps.services[op.service]
      const send = async () => {
        const token = await deps.serviceAuth.token(did, target.did, op.nsid)
        const client = new TendrilXrpc({ service: target.url, fetch: deps.fetch })
        client.setHeader('authorization', `Bearer ${token}`)
        return (await client.call(op.nsid, undefined, op.input, { signal })).data
      }
      try {
        return await send()
      } catch (error) {
        if (!(error instanceof XRPCError && error.status === 401 && error.error === 'AuthenticationRequired')) throw error
        deps.serviceAuth.forget(did)
        return await send()
      }
    }
}
