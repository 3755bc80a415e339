import { describe, expect, it } from 'vitest'
import { buildManifest } from '../../../lib/config/manifest'
import { PRODUCTION_ENDPOINTS } from '../../../lib/config/production'

const hosted = { ...PRODUCTION_ENDPOINTS, oauthClientId: 'https://tendril.example/client-metadata.json' }

describe('buildManifest', () => {
  it('default build: the loopback client needs host access to 127.0.0.1 and no identity permission', () => {
    const manifest = buildManifest('chrome', PRODUCTION_ENDPOINTS)
    expect(manifest.permissions).toEqual(['storage'])
    expect(manifest.host_permissions).toContain('http://127.0.0.1/*')
    expect(manifest).not.toHaveProperty('key')
  })

  it('hosted-client build: chrome.identity instead of 127.0.0.1, and a pinned id when a key is given', () => {
    const manifest = buildManifest('chrome', hosted, 'MIIBIjANBgkq…')
    expect(manifest.permissions).toEqual(['storage', 'identity'])
    expect(manifest.host_permissions).not.toContain('http://127.0.0.1/*')
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
