import { BRANCHLINE_ORIGIN_PATTERN } from '../sites/branchline'
import type { Endpoints } from './endpoints'

// The manifest fields WXT does not derive from entrypoints. Permissions are the least Tendril
// needs; README "Permissions" explains each one to users.
export function buildManifest(browser: string, endpoints: Endpoints, extensionKey?: string) {
  const hosted = endpoints.oauthClientId !== null
  return {
    name: 'Tendril',
    description: 'Bookmark Branchline buds and backlink Chive eprints from wherever you read on the AT Protocol web.',
    // identity: chrome.identity.launchWebAuthFlow for the hosted OAuth client (hosted builds only).
    permissions: ['storage', ...(hosted ? ['identity'] : [])],
    host_permissions: [
      // AppViews called from the worker (Chive's CORS admits only its own origins; an extension
      // worker with host permission is not subject to it).
      BRANCHLINE_ORIGIN_PATTERN,
      'https://chive.pub/*',
      'https://api.chive.pub/*',
      // Loopback OAuth client: lets the worker see the sign-in tab arrive at the
      // http://127.0.0.1 redirect (tabs.onUpdated reports URLs only with host access).
      ...(hosted ? [] : ['http://127.0.0.1/*']),
    ],
    action: { default_title: 'Tendril' },
    // Pins the extension id of an unpacked hosted-client build, whose redirect URI
    // (https://<id>.chromiumapp.org/) is written in the hosted client metadata. Store builds omit it.
    ...(extensionKey ? { key: extensionKey } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'tendril@tendril-reader', strict_min_version: '115.0' } } }
      : {}),
  }
}
