// Chive's service-auth check, rebuilt from chive-pub/chive src/auth/service-auth/
// service-auth-verifier.ts and src/api/middleware/auth.ts with the same libraries:
// - only `Authorization: Bearer <jwt>` (exactly two space-separated parts, scheme case-insensitive);
// - @atproto/xrpc-server verifyJwt: signature against the issuer's atproto signing key, resolved
//   with @atproto/identity's IdResolver (here pointed at the sandbox PLC), `aud` must equal the
//   service DID exactly, `exp` enforced against the real clock; `lxm` is NOT checked (null);
// - any failure makes the caller anonymous; procedures that need auth then answer 401.
// Failure reasons are kept (last 50) so tests can assert *why* a token was refused, via the
// control server only.
import { IdResolver } from '@atproto/identity'
import { cryptoVerifySignatureWithKey, verifyJwt } from '@atproto/xrpc-server'

export interface ServiceAuthResult {
  did: string
  lxm?: string
  exp: number
}

export interface AuthFailure {
  at: string
  reason: string
}

export interface ServiceAuthVerifier {
  /** The caller, or null (anonymous) for a missing, malformed or invalid token. */
  authenticate(authorization: string | undefined): Promise<ServiceAuthResult | null>
  failures: AuthFailure[]
}

function extractBearerToken(header: string | undefined): string | null {
  if (!header) return null
  const parts = header.split(' ')
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== 'bearer') return null
  return parts[1] || null
}

export function createServiceAuthVerifier(opts: { plcUrl: string; serviceDid: string }): ServiceAuthVerifier {
  // The one deviation from Chive: @atproto/identity's default fetch is SSRF-protected (https only,
  // default ports, no private or IP-literal hosts), which rules out a loopback PLC; the library's
  // documented opt-out for tests is to pass a plain fetch.
  const idResolver = new IdResolver({ plcUrl: opts.plcUrl, fetch: globalThis.fetch })
  const failures: AuthFailure[] = []
  const fail = (reason: string) => {
    failures.push({ at: new Date().toISOString(), reason })
    if (failures.length > 50) failures.shift()
    return null
  }
  return {
    failures,
    async authenticate(authorization) {
      const token = extractBearerToken(authorization)
      if (!token) return authorization ? fail('not a Bearer token') : null
      try {
        const payload = await verifyJwt(
          token,
          opts.serviceDid,
          null,
          (iss, forceRefresh) => idResolver.did.resolveAtprotoKey(iss, forceRefresh),
          cryptoVerifySignatureWithKey,
        )
        return { did: payload.iss, lxm: payload.lxm, exp: payload.exp }
      } catch (err) {
        return fail(err instanceof Error ? err.message : String(err))
      }
    },
  }
}
