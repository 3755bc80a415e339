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
