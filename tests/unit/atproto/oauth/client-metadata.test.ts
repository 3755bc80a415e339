import { describe, expect, it, vi } from 'vitest'
import {
  assertOAuthDiscoverableClientId,
  assertOAuthLoopbackClientId,
  oauthClientMetadataSchema,
} from '@atproto/oauth-types'
import {
  LOOPBACK_REDIRECT_URI,
  chromiumAppRedirect,
  clientIdentityFrom,
  clientMetadataFor,
  hostedClientMetadata,
  redirectUriFor,
} from '../../../../lib/atproto/oauth/client-metadata'
import { createWebAuthFlowPresenter } from '../../../../lib/atproto/oauth/presenters'
import { OAUTH_SCOPE } from '../../../../lib/atproto/scope'

/** The checks an authorization server applies to client metadata (atproto's own schema). */
function validateClientMetadata(input: unknown) {
  const metadata = oauthClientMetadataSchema.parse(input)
  if (metadata.client_id!.startsWith('http:')) assertOAuthLoopbackClientId(metadata.client_id!)
  else assertOAuthDiscoverableClientId(metadata.client_id!)
  return metadata as typeof metadata & { client_id: string }
}

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop'

describe('client identity', () => {
  it('is the loopback client unless a hosted client id is built in', () => {
    expect(clientIdentityFrom(undefined)).toEqual({ kind: 'loopback' })
    expect(clientIdentityFrom('')).toEqual({ kind: 'loopback' })
    expect(clientIdentityFrom('https://tendril.example/client-metadata.json')).toEqual({
      kind: 'hosted',
      clientId: 'https://tendril.example/client-metadata.json',
    })
    expect(() => clientIdentityFrom('http://tendril.example/client-metadata.json')).toThrow(/https/)
  })

  it('loopback: a valid atproto loopback client that redirects to 127.0.0.1 with the one scope', () => {
    const metadata = clientMetadataFor({ kind: 'loopback' }, EXTENSION_ID)
    const valid = validateClientMetadata(metadata)
    expect(valid.client_id.startsWith('http://localhost?')).toBe(true)
    expect(new URL(valid.client_id).searchParams.get('scope')).toBe(OAUTH_SCOPE)
    expect(valid.redirect_uris).toEqual([LOOPBACK_REDIRECT_URI])
    expect(new URL(LOOPBACK_REDIRECT_URI).hostname).toBe('127.0.0.1')
    expect(valid.application_type).toBe('native')
    expect(valid.dpop_bound_access_tokens).toBe(true)
    expect(redirectUriFor({ kind: 'loopback' }, EXTENSION_ID)).toBe(LOOPBACK_REDIRECT_URI)
  })

  it('hosted: a web client whose redirect is the extension’s chromiumapp.org URL', () => {
    const clientId = 'https://tendril.example/oauth/client-metadata.json'
    const metadata = validateClientMetadata(clientMetadataFor({ kind: 'hosted', clientId }, EXTENSION_ID))
    expect(metadata).toMatchObject({
      client_id: clientId,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      scope: OAUTH_SCOPE,
      redirect_uris: [`https://${EXTENSION_ID}.chromiumapp.org/`],
    })
    expect(redirectUriFor({ kind: 'hosted', clientId }, EXTENSION_ID)).toBe(chromiumAppRedirect(EXTENSION_ID))
  })

  it('hosted metadata can list several extension ids (unpacked and store)', () => {
    const metadata = hostedClientMetadata('https://tendril.example/client-metadata.json', ['a'.repeat(32), 'b'.repeat(32)])
    expect(metadata.redirect_uris).toEqual([`https://${'a'.repeat(32)}.chromiumapp.org/`, `https://${'b'.repeat(32)}.chromiumapp.org/`])
  })

  it('the shipped scope asks for exactly bookmarks and Chive backlink create/delete', () => {
    expect(OAUTH_SCOPE.split(' ')).toEqual([
      'atproto',
      'repo:ink.branchline.bookmark',
      'rpc:pub.chive.backlink.create?aud=*',
      'rpc:pub.chive.backlink.delete?aud=*',
    ])
  })
})

describe('createWebAuthFlowPresenter', () => {
  it('opens Chrome’s auth window interactively and returns the redirect it lands on', async () => {
    const launchWebAuthFlow = vi.fn(async () => `https://${EXTENSION_ID}.chromiumapp.org/?code=c&state=s&iss=https%3A%2F%2Fpds.example`)
    const shown = await createWebAuthFlowPresenter({ launchWebAuthFlow }).present(new URL('https://pds.example/oauth/authorize?request_uri=x'), async () => undefined)
    expect(launchWebAuthFlow).toHaveBeenCalledWith({ url: 'https://pds.example/oauth/authorize?request_uri=x', interactive: true })
    expect('redirect' in shown && shown.redirect.searchParams.get('code')).toBe('c')
  })

  it('rejects when the reader closes the window', async () => {
    const launchWebAuthFlow = vi.fn(async () => {
      throw new Error('The user did not approve access.')
    })
    await expect(createWebAuthFlowPresenter({ launchWebAuthFlow }).present(new URL('https://pds.example/'), async () => undefined)).rejects.toThrow()
  })
})
