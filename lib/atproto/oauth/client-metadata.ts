import { buildAtprotoLoopbackClientMetadata, type OAuthClientMetadataInput } from '@atproto/oauth-types'
import { LOOPBACK_REDIRECT_URI } from '../../config/loopback'
import { OAUTH_SCOPE } from '../scope'

// Who Tendril is to an authorization server, decided at build time (TENDRIL_OAUTH_CLIENT_ID), never
// by anything a page can influence.
//
// - Loopback development client (default build, tests, npm start): `client_id` is
//   `http://localhost?…`, which every atproto server accepts without hosting anything. Its
//   redirect must be on 127.0.0.1; the sign-in runs in a normal tab and the worker catches the tab's
//   navigation to LOOPBACK_REDIRECT_URI itself (nothing needs to listen on that port).
// - Hosted client: `client_id` is the https URL where client-metadata.json is served; the redirect
//   is the extension's own `https://<extension-id>.chromiumapp.org/`, completed by
//   chrome.identity.launchWebAuthFlow.

export { LOOPBACK_REDIRECT_URI }

export type ClientIdentity = { kind: 'loopback' } | { kind: 'hosted'; clientId: string }

export function clientIdentityFrom(hostedClientId: string | undefined): ClientIdentity {
  if (!hostedClientId) return { kind: 'loopback' }
  const url = new URL(hostedClientId)
  if (url.protocol !== 'https:') throw new Error(`a hosted client_id must be an https URL (got ${hostedClientId})`)
  return { kind: 'hosted', clientId: url.href }
}

export function chromiumAppRedirect(extensionId: string): string {
  return `https://${extensionId}.chromiumapp.org/`
}

export function loopbackClientMetadata(): OAuthClientMetadataInput {
  return buildAtprotoLoopbackClientMetadata({ scope: OAUTH_SCOPE, redirect_uris: [LOOPBACK_REDIRECT_URI] })
}

/** The document to serve at the hosted client_id (scripts/client-metadata.ts writes it). */
export function hostedClientMetadata(clientId: string, extensionIds: string[]): OAuthClientMetadataInput {
  const site = new URL(clientId)
  return {
    client_id: clientId,
    client_name: 'Tendril',
    client_uri: site.origin,
    redirect_uris: extensionIds.map(chromiumAppRedirect) as [string, ...string[]],
    scope: OAUTH_SCOPE,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    dpop_bound_access_tokens: true,
  } as OAuthClientMetadataInput
}

export function clientMetadataFor(identity: ClientIdentity, extensionId: string): OAuthClientMetadataInput {
  return identity.kind === 'loopback' ? loopbackClientMetadata() : hostedClientMetadata(identity.clientId, [extensionId])
}

/** Where the authorization server sends the browser back. */
export function redirectUriFor(identity: ClientIdentity, extensionId: string): string {
  return identity.kind === 'loopback' ? LOOPBACK_REDIRECT_URI : chromiumAppRedirect(extensionId)
}
