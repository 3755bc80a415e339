// The sandbox PDS runs its real OAuth authorization server (the extension signs in through it):
// metadata is published, and a loopback client's pushed authorization request (PKCE + DPoP) is
// accepted and leads to the sign-in page.
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import { JoseKey } from '@atproto/jwk-jose'
import { describe, expect, it } from 'vitest'
import { useSandbox } from '../../setup/sandbox.ts'

const sb = useSandbox()

/** GET like a browser navigation (fetch would send sec-fetch-mode: cors, which the UI refuses). */
function navigate(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', 'sec-fetch-site': 'none', accept: 'text/html' } },
      (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
      },
    )
    req.on('error', reject)
  })
}

describe('OAuth on the sandbox PDS', () => {
  it('publishes protected-resource and authorization-server metadata', async () => {
    const resource = await (await fetch(`${sb.pdsUrl}/.well-known/oauth-protected-resource`)).json()
    expect(resource.authorization_servers).toEqual([sb.pdsUrl])
    const server = await (await fetch(`${sb.pdsUrl}/.well-known/oauth-authorization-server`)).json()
    expect(server).toMatchObject({
      issuer: sb.pdsUrl,
      authorization_endpoint: `${sb.pdsUrl}/oauth/authorize`,
      token_endpoint: `${sb.pdsUrl}/oauth/token`,
      pushed_authorization_request_endpoint: `${sb.pdsUrl}/oauth/par`,
    })
    expect(server.dpop_signing_alg_values_supported).toContain('ES256')
    expect(server.scopes_supported).toContain('atproto')
  })

  it('accepts a loopback client’s PAR (PKCE + DPoP) and serves the sign-in page', async () => {
    const redirectUri = 'http://127.0.0.1:45999/callback'
    const clientId = `http://localhost?redirect_uri=${encodeURIComponent(redirectUri)}&scope=${encodeURIComponent('atproto')}`
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const dpopKey = await JoseKey.generate(['ES256'])
    const parUrl = `${sb.pdsUrl}/oauth/par`
    const proof = (nonce?: string) =>
      dpopKey.createJwt(
        { typ: 'dpop+jwt', alg: 'ES256', jwk: dpopKey.bareJwk },
        { jti: randomBytes(12).toString('hex'), htm: 'POST', htu: parUrl, iat: Math.floor(Date.now() / 1000), ...(nonce ? { nonce } : {}) },
      )
    const body = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'atproto',
      state: randomBytes(8).toString('hex'),
      code_challenge: challenge,
      code_challenge_method: 'S256',
      login_hint: sb.seed.reader.handle,
    })
    const post = async (nonce?: string) =>
      fetch(parUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await proof(nonce) },
        body,
      })
    let res = await post()
    // The server may first ask for its DPoP nonce; a client retries once with it.
    if ((res.status === 400 || res.status === 401) && res.headers.get('dpop-nonce')) {
      res = await post(res.headers.get('dpop-nonce')!)
    }
    if (res.status !== 201) throw new Error(`PAR → ${res.status} ${await res.text()}`)
    expect(res.status).toBe(201)
    const { request_uri: requestUri } = await res.json()
    expect(requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:/)

    const page = await navigate(
      `${sb.pdsUrl}/oauth/authorize?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(requestUri)}`,
    )
    expect(page.status).toBe(200)
    expect(page.type).toMatch(/^text\/html/)
  })
})
