import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { describe, expect, it } from 'vitest'
import { DB_VERSION, MIGRATIONS, openTendrilDb } from '../../../lib/storage/db'

describe('the IndexedDB schema', () => {
  it('is the list of named steps; the version is how many', () => {
    expect(MIGRATIONS.map((m) => m.name)).toEqual(['001-oauth', '002-accounts-settings', '003-writes', '004-intents', '005-thread-cache', '006-backlinks'])
    expect(DB_VERSION).toBe(MIGRATIONS.length)
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length)
  })

  it('a profile from Tendril 0.1 (version 1) is upgraded in place, keeping its sessions', async () => {
    const name = 'db-upgrade-test'
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        MIGRATIONS[0]!.up(db as never)
      },
    })
    await v1.put('oauth-session', { value: { tokenSet: 'kept' }, expiresAt: null }, 'did:plc:reader')
    v1.close()
    const db = await openTendrilDb(name)
    expect(db.version).toBe(DB_VERSION)
    expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'backlink-dismissed', 'backlinks', 'bookmarks', 'buds', 'intents', 'meta', 'oauth-cache', 'oauth-session', 'oauth-state', 'settings', 'writes'])
    expect(await db.get('oauth-session', 'did:plc:reader')).toEqual({ value: { tokenSet: 'kept' }, expiresAt: null })
  })
})
