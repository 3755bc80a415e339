import { LOOPBACK_REDIRECT_URI } from './loopback'
import { BRANCHLINE_ORIGIN_PATTERN } from '../sites/branchline'

/** The sites whose records cite eprints. No content script runs there: the worker follows these
 * tabs' addresses and runs the prompt's script only where it has something to show. */
export const SOURCE_ORIGIN_PATTERNS = ['https://bsky.app/*', 'https://whtwnd.com/*', 'https://leaflet.pub/*']
import type { Endpoints } from './endpoints'
import { COMMAND_BOOKMARK, COMMAND_BOOKMARK_KEY } from './commands'

/**
 * Host access to the loopback redirect, so the worker can see the sign-in tab arrive there
 * (tabs.onUpdated reports a URL only with host access). Chrome's match patterns accept a port: only
 * the redirect's own port is granted. Firefox's reject ports: it gets all of 127.0.0.1 over plain
 * http, which Tendril uses for nothing else (README "Permissions"). Paths are ignored in host
 * permissions by both, so none is given.
 */
export function loopbackHostPattern(browser: string): string {
  const { hostname, port } = new URL(LOOPBACK_REDIRECT_URI)
  return browser === 'firefox' ? `http://${hostname}/*` : `http://${hostname}:${port}/*`
}

// The manifest fields WXT does not derive from entrypoints. Permissions are the least Tendril
// needs; README "Permissions" explains each one to users.
export function buildManifest(browser: string, endpoints: Endpoints, extensionKey?: string) {
  const hosted = endpoints.oauthClientId !== null
  return {
    name: 'Tendril',
    description: 'Bookmark Branchline buds and backlink Chive eprints from wherever you read on the AT Protocol web.',
    // alarms: the periodic sweep and the write journal's resume, which must wake a stopped worker.
    // contextMenus: "Bookmark this bud" on bud pages, "Bookmark the linked bud" on links to buds. activeTab + scripting: the
    // outcome's toast in the tab where the menu or the keyboard command was used (activeTab is
    // granted by that gesture alone, for that tab). None of these shows an install warning.
    // identity: chrome.identity.launchWebAuthFlow for the hosted OAuth client (hosted builds only).
    permissions: ['storage', 'alarms', 'contextMenus', 'activeTab', 'scripting', ...(hosted ? ['identity'] : [])],
    host_permissions: [
      // AppViews called from the worker (Chive's CORS admits only its own origins; an extension
      // worker with host permission is not subject to it).
      BRANCHLINE_ORIGIN_PATTERN,
      'https://chive.pub/*',
      'https://api.chive.pub/*',
      // The sites whose records cite eprints: the tab's address (tabs.onUpdated reports it only with
      // host access), which names the record Tendril verifies, and running the prompt's script there
      // (scripting). Their records are read at the authors' own PDSes, never from these pages.
      ...SOURCE_ORIGIN_PATTERNS,
      // Loopback OAuth client only: see loopbackHostPattern.
      ...(hosted ? [] : [loopbackHostPattern(browser)]),
    ],
    action: { default_title: 'Tendril' },
    // The popup shows the key actually assigned (commands.getAll) and where to change it.
    commands: {
      [COMMAND_BOOKMARK]: { suggested_key: { default: COMMAND_BOOKMARK_KEY }, description: 'Bookmark the bud on this page' },
    },
    // Pins the extension id of an unpacked hosted-client build, whose redirect URI
    // (https://<id>.chromiumapp.org/) is written in the hosted client metadata. Store builds omit it.
    ...(extensionKey ? { key: extensionKey } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'tendril@tendril-reader', strict_min_version: '115.0' } } }
      : {}),
  }
}
