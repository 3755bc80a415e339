import { BRANCHLINE_ORIGIN_PATTERN } from '../sites/branchline'

// The manifest fields WXT does not derive from entrypoints. Permissions are the least Tendril
// needs; README "Permissions" explains each one to users.
export function buildManifest(browser: string) {
  return {
    name: 'Tendril',
    description: 'Bookmark Branchline buds and backlink Chive eprints from wherever you read on the AT Protocol web.',
    permissions: ['storage'],
    // Host access only where Tendril calls an AppView from the worker (Chive's CORS admits only its
    // own origins; an extension worker with host permission is not subject to it).
    host_permissions: [BRANCHLINE_ORIGIN_PATTERN, 'https://chive.pub/*', 'https://api.chive.pub/*'],
    action: { default_title: 'Tendril' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'tendril@branchline-chive.reader', strict_min_version: '115.0' } } }
      : {}),
  }
}
