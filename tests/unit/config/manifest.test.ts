import { describe, expect, it } from 'vitest'
import { buildManifest } from '../../../lib/config/manifest'
import { PRODUCTION_ENDPOINTS } from '../../../lib/config/production'

// The input side: how the manifest differs between client identities and browsers. The exact
// permission lists are checked on the built manifests (tests/e2e/built-manifests.test.ts), which
// is what a browser installs.

const hosted = { ...PRODUCTION_ENDPOINTS, oauthClientId: 'https://tendril.example/client-metadata.json' }
const isLoopback = (pattern: string) => /^http:\/\/127\.0\.0\.1(:\d+)?\/\*$/.test(pattern)

describe('buildManifest', () => {
  it('default build for Chrome: host access to the loopback redirect’s port only, no identity permission', () => {
    const manifest = buildManifest('chrome', PRODUCTION_ENDPOINTS)
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'contextMenus', 'activeTab', 'scripting'])
    expect(manifest.host_permissions).toEqual(['https://branchline.ink/*', 'https://chive.pub/*', 'https://api.chive.pub/*', 'https://bsky.app/*', 'https://whtwnd.com/*', 'https://leaflet.pub/*', 'http://127.0.0.1:43917/*'])
    expect(manifest).not.toHaveProperty('key')
  })

  it('default build for Firefox: its match patterns cannot carry a port, so all of http://127.0.0.1', () => {
    expect(buildManifest('firefox', PRODUCTION_ENDPOINTS).host_permissions).toContain('http://127.0.0.1/*')
    expect(buildManifest('firefox', PRODUCTION_ENDPOINTS).host_permissions).not.toContain('http://127.0.0.1:43917/*')
  })

  it('hosted-client build: chrome.identity instead of 127.0.0.1, and a pinned id when a key is given', () => {
    const loopback = buildManifest('chrome', PRODUCTION_ENDPOINTS)
    const manifest = buildManifest('chrome', hosted, 'MIIBIjANBgkq…')
    expect(manifest.permissions).toEqual([...loopback.permissions, 'identity'])
    expect(manifest.host_permissions).toEqual(loopback.host_permissions.filter((p) => !isLoopback(p)))
    expect(manifest).toHaveProperty('key', 'MIIBIjANBgkq…')
  })

  it('store builds omit the key, so the store assigns the id', () => {
    expect(buildManifest('chrome', hosted)).not.toHaveProperty('key')
  })

  it('only Firefox gets a gecko id', () => {
    expect(buildManifest('chrome', PRODUCTION_ENDPOINTS)).not.toHaveProperty('browser_specific_settings')
    expect(buildManifest('firefox', PRODUCTION_ENDPOINTS)).toHaveProperty('browser_specific_settings.gecko.id', 'tendril@tendril-reader')
  })
})
