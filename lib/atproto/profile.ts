import type { OAuthClient, OAuthSession } from '@atproto/oauth-client'
import { clientForSession } from './pds-client'
import type { Profile } from './session-service'

// Public facts about a freshly signed-in account, for the popup: the handle its DID document
// claims (verified both ways by the resolver), its PDS, and the display name from its public
// Bluesky profile record when it has one. Missing pieces are simply left out.
export function createProfileLoader(client: Pick<OAuthClient, 'identityResolver'>) {
  return async function loadProfile(session: OAuthSession): Promise<Profile> {
    const identity = await client.identityResolver.resolve(session.did).catch(() => undefined)
    const handle = identity && identity.handle !== 'handle.invalid' ? identity.handle : undefined
    const pdsService = identity?.didDoc.service?.find((s) => s.id === '#atproto_pds' || s.id === `${session.did}#atproto_pds`)
    const pds = typeof pdsService?.serviceEndpoint === 'string' ? new URL(pdsService.serviceEndpoint).origin : undefined
    let displayName: string | undefined
    try {
      const repo = clientForSession(session)
      const { data } = await repo.com.atproto.repo.getRecord({ repo: session.did, collection: 'app.bsky.actor.profile', rkey: 'self' })
      const name = (data.value as { displayName?: unknown }).displayName
      if (typeof name === 'string' && name.trim()) displayName = name.trim().slice(0, 64)
    } catch {
      // No profile record (or the PDS is slow): the handle is enough.
    }
    return { handle, displayName, pds }
  }
}
