import { Agent } from '@atproto/api'
import type { SessionService } from './session-service'

// The one way the rest of Tendril talks to a reader's PDS: an @atproto/api Agent over the OAuth
// session, so every request is DPoP-bound and refreshed by the OAuth client, and no token is ever
// visible to the caller.
export function createAgentFactory(sessions: Pick<SessionService, 'restore'>) {
  return {
    async agentFor(did: string): Promise<Agent> {
      return new Agent(await sessions.restore(did))
    },
  }
}

export type AgentFactory = ReturnType<typeof createAgentFactory>
