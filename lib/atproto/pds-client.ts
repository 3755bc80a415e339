import { TendrilXrpc } from '../xrpc/tendril-xrpc'
import type { SessionService } from './session-service'

// The one way the rest of Tendril talks to a reader's PDS: Tendril's XRPC client over the OAuth
// session's own fetch, so every request is DPoP-bound and refreshed by the OAuth client, and no
// token is ever visible to the caller.
export function createPdsClients(sessions: Pick<SessionService, 'restore'>) {
  return {
    async clientFor(did: string): Promise<TendrilXrpc> {
      const session = await sessions.restore(did)
      return new TendrilXrpc((url, init) => session.fetchHandler(url, init))
    },
  }
}

export type PdsClients = ReturnType<typeof createPdsClients>
