import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'

// The manifests as built — what a browser actually installs — are the authority on what Tendril
// may do; lib/config/manifest.ts is only one of their inputs (WXT adds entrypoints, content
// scripts and browser-specific rewrites). tests/unit/config/manifest.test.ts covers that input.
// Every expected list is written out here, not imported, so a change to the code cannot quietly
// change what the test expects.

const APPVIEW_HOSTS = ['https://branchline.ink/*', 'https://chive.pub/*', 'https://api.chive.pub/*']
// The sites whose records cite eprints: the tab's address there, and the prompt's script (scripting).
const SOURCE_HOSTS = ['https://bsky.app/*', 'https://whtwnd.com/*', 'https://leaflet.pub/*']

// contextMenus: "Bookmark this bud"; activeTab + scripting: the toast after a menu click or the
// keyboard command. None of the three shows an install warning.
const API_PERMISSIONS = ['storage', 'alarms', 'contextMenus', 'activeTab', 'scripting']

const EXPECTED_PERMISSIONS = {
  chrome: {
    permissions: API_PERMISSIONS,
    // The loopback OAuth redirect (http://127.0.0.1:43917/tendril/oauth-callback): its port only.
    host_permissions: [...APPVIEW_HOSTS, ...SOURCE_HOSTS, 'http://127.0.0.1:43917/*'],
  },
  firefox: {
    // MV2 has no host_permissions: WXT lists hosts among permissions. Firefox match patterns
    // cannot carry a port, so the loopback redirect needs all of 127.0.0.1.
    permissions: [...API_PERMISSIONS, ...APPVIEW_HOSTS, ...SOURCE_HOSTS, 'http://127.0.0.1/*'],
    host_permissions: undefined,
  },
} as const

interface Manifest {
  manifest_version: number
  permissions?: string[]
  host_permissions?: string[]
  optional_permissions?: string[]
  optional_host_permissions?: string[]
  content_scripts?: Array<{ matches: string[]; all_frames?: boolean; match_about_blank?: boolean; match_origin_as_fallback?: boolean }>
  [key: string]: unknown
}

const builds = [
  { name: 'chrome-mv3 (production)', browser: 'chrome', dir: inject('productionPath') },
  { name: 'chrome-mv3-sandbox', browser: 'chrome', dir: inject('extensionPath') },
  { name: 'firefox-mv2 (production)', browser: 'firefox', dir: inject('firefoxPath') },
] as const

const sorted = (list: readonly string[] | undefined) => (list ? [...list].sort() : list)

describe.each(builds)('the built manifest of $name', ({ browser, dir }) => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest

  it('is the manifest version this browser build should be', () => {
    expect(manifest.manifest_version).toBe(browser === 'chrome' ? 3 : 2)
  })

  it('has no externally_connectable: no web page or other extension can message the worker', () => {
    expect(manifest).not.toHaveProperty('externally_connectable')
  })

  it('has no content_security_policy: the browser’s strict default for extension pages applies', () => {
    expect(manifest).not.toHaveProperty('content_security_policy')
  })

  it('has no web_accessible_resources: no page can load (or fingerprint) a Tendril file', () => {
    // None is needed today. When in-page UI needs a file, list exactly that file here, matched
    // only on the sites that UI runs on.
    expect(manifest).not.toHaveProperty('web_accessible_resources')
  })

  it('runs content scripts on https://branchline.ink/* only (none on the source sites: the worker runs the prompt where needed), and never in frames', () => {
    expect((manifest.content_scripts ?? []).map((s) => s.matches)).toEqual([['https://branchline.ink/*']])
    for (const script of manifest.content_scripts ?? []) {
      expect(script.all_frames ?? false).toBe(false)
      expect(script.match_about_blank ?? false).toBe(false)
      expect(script.match_origin_as_fallback ?? false).toBe(false)
    }
  })

  it('asks for exactly the permissions Tendril needs, and no optional ones', () => {
    const expected = EXPECTED_PERMISSIONS[browser]
    expect(new Set(manifest.permissions).size, 'no duplicates').toBe(manifest.permissions?.length)
    // Order carries no meaning in a manifest: compared as sorted lists, both at once.
    expect({ permissions: sorted(manifest.permissions), host_permissions: sorted(manifest.host_permissions) }).toEqual({
      permissions: sorted(expected.permissions),
      host_permissions: sorted(expected.host_permissions),
    })
    expect(manifest).not.toHaveProperty('optional_permissions')
    expect(manifest).not.toHaveProperty('optional_host_permissions')
  })
})
