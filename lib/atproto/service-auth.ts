import type { PdsClients } from './pds-client'

// Service-auth JWTs minted by the reader's PDS for a peer that authenticates callers itself (Chive:
// `aud` = its service DID, signature checked against the reader's DID key). Cached per
// account/audience/method until shortly before they expire, so a burst of backlinks costs one mint.

const LIFETIME_S = 180
/** Never hand out a token with less than this left: it must survive the request's round trip. */
const MARGIN_S = 30

export function createServiceAuth(deps: { pds: PdsClients; now?: () => number }) {
  const now = deps.now ?? Date.now
  const cache = new Map<string, { token: string; exp: number }>()
  return {
    async token(did: string, aud: string, lxm: string): Promise<string> {
      const key = `${did} ${aud} ${lxm}`
      const nowS = Math.floor(now() / 1000)
      const hit = cache.get(key)
      if (hit && hit.exp - MARGIN_S > nowS) return hit.token
      const client = await deps.pds.clientFor(did)
      const exp = nowS + LIFETIME_S
      const { data } = await client.com.atproto.server.getServiceAuth({ aud, lxm, exp })
      cache.set(key, { token: data.token, exp })
      return data.token
    },
    /** Forget an account's tokens: it signed out, or its session ended elsewhere. */
    forget(did: string) {
      for (const key of cache.keys()) if (key.startsWith(`${did} `)) cache.delete(key)
    },
    /** Drops tokens that can no longer be handed out (the periodic sweep); returns how many. */
    sweep(): number {
      const nowS = Math.floor(now() / 1000)
      let removed = 0
      for (const [key, { exp }] of cache) {
        if (exp - MARGIN_S <= nowS) {
          cache.delete(key)
          removed++
        }
      }
      return removed
    },
    /** How many tokens are cached. */
    get size() {
      return cache.size
    },
  }
}

export type ServiceAuth = ReturnType<typeof createServiceAuth>
