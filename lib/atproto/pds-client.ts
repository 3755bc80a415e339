import type { OAuthSession } from '@atproto/oauth-client'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'
import type { SessionService } from './session-service'

// The one way the rest of Tendril talks to a reader's PDS: Tendril's XRPC client over the OAuth
// session's own fetch, so every request is DPoP-bound and refreshed by the OAuth client, and no
// token is ever visible to the caller.
export function createPdsClients(sessions: Pick<SessionService, 'restore'>) {
  return {
    async clientFor(did: string): Promise<TendrilXrpc> {
      return clientForSession(await sessions.restore(did))
    },
  }
}

export type PdsClients = ReturnType<typeof createPdsClients>

/** Tendril's XRPC client over one OAuth session (signed by its fetch). */
export function clientForSession(session: Pick<OAuthSession, 'fetchHandler'>): TendrilXrpc {
  return new TendrilXrpc((url, init) => session.fetchHandler(url, init))
}
