import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { openTendrilDb } from '../../../lib/storage/db'
import { createEntryStore } from '../../../lib/storage/entry-store'

let dbCount = 0
const freshDb = () => openTendrilDb(`entry-store-test-${dbCount++}`)

describe('createEntryStore', () => {
  it('stores, reads and deletes values', async () => {
    const store = createEntryStore<{ n: number }>(freshDb(), 'oauth-cache')
    expect(await store.get('a')).toBeUndefined()
    await store.set('a', { n: 1 })
    expect(await store.get('a')).toEqual({ n: 1 })
    await store.del('a')
    expect(await store.get('a')).toBeUndefined()
  })

  it('forgets entries once their lifetime has passed', async () => {
    let now = 1_000
    const db = freshDb()
    const store = createEntryStore<string>(db, 'oauth-cache', { ttlMs: 500, now: () => now })
    await store.set('k', 'v')
    now = 1_499
    expect(await store.get('k')).toBe('v')
    now = 1_500
    expect(await store.get('k')).toBeUndefined()
    expect(await (await db).get('oauth-cache', 'k')).toBeUndefined()
  })

  it('keeps caches sharing one object store apart by prefix', async () => {
    const db = freshDb()
    const dids = createEntryStore<string>(db, 'oauth-cache', { prefix: 'did:' })
    const handles = createEntryStore<string>(db, 'oauth-cache', { prefix: 'handle:' })
    await dids.set('x', 'doc')
    await handles.set('x', 'did:plc:x')
    expect(await dids.get('x')).toBe('doc')
    expect(await handles.keys()).toEqual(['x'])
    await dids.clear()
    expect(await dids.get('x')).toBeUndefined()
    expect(await handles.get('x')).toBe('did:plc:x')
  })

  it('encodes on the way in and decodes on the way out', async () => {
    const store = createEntryStore<Date>(freshDb(), 'oauth-session', {
      encode: (d) => d.toISOString(),
      decode: (s) => new Date(s as string),
    })
    await store.set('when', new Date('2026-11-23T00:00:00Z'))
    expect((await store.get('when'))?.getTime()).toBe(Date.parse('2026-11-23T00:00:00Z'))
  })
})

describe('keeping stores from only growing', () => {
  it('sweep removes expired entries nobody reads again, and only those (moving the clock)', async () => {
    let now = 0
    const db = freshDb()
    const store = createEntryStore<string>(db, 'oauth-state', { ttlMs: 1_000, now: () => now })
    await store.set('old', 'abandoned sign-in')
    now = 600
    await store.set('new', 'fresh sign-in')
    now = 999
    expect(await store.sweep()).toBe(0)
    now = 1_000
    expect(await store.sweep()).toBe(1)
    expect(await (await db).getAllKeys('oauth-state')).toEqual(['new'])
    now = 1_600
    expect(await store.sweep()).toBe(1)
    expect(await (await db).count('oauth-state')).toBe(0)
  })

  it('sweep stays inside its prefix', async () => {
    let now = 0
    const db = freshDb()
    const dids = createEntryStore<string>(db, 'oauth-cache', { prefix: 'did:', ttlMs: 10, now: () => now })
    const handles = createEntryStore<string>(db, 'oauth-cache', { prefix: 'handle:', ttlMs: 10, now: () => now })
    await dids.set('a', 'doc')
    await handles.set('a', 'did:plc:a')
    now = 10
    expect(await dids.sweep()).toBe(1)
    expect(await (await db).getAllKeys('oauth-cache')).toEqual(['handle:a'])
  })

  it('a bounded store keeps the newest entries, oldest out', async () => {
    let now = 0
    const db = freshDb()
    const handles = createEntryStore<number>(db, 'oauth-cache', { prefix: 'handle:', ttlMs: 60_000, maxEntries: 3, now: () => now })
    const other = createEntryStore<number>(db, 'oauth-cache', { prefix: 'did:', ttlMs: 60_000 })
    await other.set('x', 0)
    for (let i = 1; i <= 5; i++) {
      now = i
      await handles.set(`h${i}`, i)
    }
    expect((await handles.keys()).sort()).toEqual(['h3', 'h4', 'h5'])
    // Other caches in the same object store are not counted or evicted.
    expect(await other.get('x')).toBe(0)
  })
})
