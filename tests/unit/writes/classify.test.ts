import { TokenRevokedError } from '@atproto/oauth-client'
import { XRPCError } from '@atproto/xrpc'
import { describe, expect, it } from 'vitest'
import { classify } from '../../../lib/writes/perform'

const NOW = 1_000_000
const xrpc = (status: number, error?: string, headers: Record<string, string> = {}, cause?: unknown) =>
  new XRPCError(status, error, 'message from the server', headers, cause === undefined ? undefined : { cause })

describe('classify: what the journal does with a failure', () => {
  it.each<[string, unknown, object]>([
    ['no answer at all (fetch failed)', xrpc(1, undefined, {}, new TypeError('Failed to fetch')), { kind: 'retry', maybeLanded: true, error: { code: 'NoAnswer' } }],
    ['503 with Retry-After', xrpc(503, 'NotEnoughResources', { 'retry-after': '30' }), { kind: 'retry', maybeLanded: true, retryAfterMs: 30_000 }],
    ['500', xrpc(500, 'InternalServerError'), { kind: 'retry', maybeLanded: true }],
    ['429 with Retry-After (refused: nothing landed)', xrpc(429, 'RateLimitExceeded', { 'retry-after': '120' }), { kind: 'retry', maybeLanded: false, retryAfterMs: 120_000 }],
    [
      '401 for a replayed DPoP proof (the browser resent a POST after a dropped connection)',
      xrpc(401, 'InvalidDpopProof', { 'www-authenticate': 'DPoP error="invalid_dpop_proof", error_description="DPoP proof replayed"' }),
      { kind: 'retry', maybeLanded: true },
    ],
    ['401 invalid_token that survived the client’s refresh', xrpc(401, 'InvalidToken', { 'www-authenticate': 'DPoP error="invalid_token"' }), { kind: 'paused', error: { code: 'SessionExpired' } }],
    ['the OAuth client says the session was revoked', xrpc(1, undefined, {}, new TokenRevokedError('did:plc:reader')), { kind: 'paused' }],
    ['a refusal for good (400 InvalidRequest)', xrpc(400, 'InvalidRequest'), { kind: 'failed', error: { code: 'InvalidRequest', message: 'Your server refused this write: message from the server.' } }],
    ['403 (outside the granted scope)', xrpc(403, 'Forbidden'), { kind: 'failed' }],
    ['Tendril’s own check refused the record', Object.assign(new Error('Invalid ink.branchline.bookmark: Record/subject'), { code: 'RecordInvalid' }), { kind: 'failed' }],
    ['no session for the account', Object.assign(new Error('Sign in'), { code: 'Unauthorized' }), { kind: 'paused' }],
  ])('%s', (_, error, expected) => {
    expect(classify(error, NOW)).toMatchObject(expected)
  })

  it.each<[string, unknown, object]>([
    ['Chive refuses the token a second time', xrpc(401, 'AuthenticationRequired'), { kind: 'paused', error: { code: 'SessionExpired', message: expect.stringMatching(/^Chive did not accept/) } }],
    ['Chive says the input is wrong', xrpc(400, 'InvalidRequest'), { kind: 'failed', error: { message: 'Chive refused this write: message from the server.' } }],
    ['Chive is down', xrpc(502, 'UpstreamFailure'), { kind: 'retry', error: { message: 'Chive had a problem (HTTP 502). Tendril will try again.' } }],
    ['Chive is busy', xrpc(429, 'RateLimitExceeded'), { kind: 'retry', error: { code: 'RateLimited', message: 'Chive asked Tendril to slow down. Tendril will try again when it says.' } }],
  ])('from a service: %s', (_, error, expected) => {
    expect(classify(error, NOW, 'Chive')).toMatchObject(expected)
  })
})
