import type { StoredEntry, TendrilDb, TendrilSchema } from './db'

// A SimpleStore (the interface @atproto/oauth-client expects) over one IndexedDB object store,
// with optional expiry, an optional bound on how many entries it keeps, and a codec for values
// that need rebuilding (DPoP keys).

type EntryStoreName = 'oauth-state' | 'oauth-session' | 'oauth-cache'

export interface EntryStoreOptions<V> {
  /** Key prefix, so several caches can share one object store. */
  prefix?: string
  /** Entry lifetime in ms; entries without a ttl never expire. */
  ttlMs?: number
  /**
   * At most this many entries under the prefix; writing one more removes the oldest. "Oldest" is
   * the soonest to expire, which is the first written because every entry of a store shares one ttl.
   */
  maxEntries?: number
  encode?: (value: V) => unknown
  decode?: (stored: unknown) => V | Promise<V>
  now?: () => number
}

export interface EntryStore<V> {
  get(key: string): Promise<V | undefined>
  set(key: string, value: V): Promise<void>
  del(key: string): Promise<void>
  /** Keys currently stored (without the prefix). */
  keys(): Promise<string[]>
  clear(): Promise<void>
  /** Removes every expired entry; returns how many. Reads skip expired entries anyway: this is
   * what keeps entries nobody reads again (an abandoned sign-in's request and key) from piling up. */
  sweep(): Promise<number>
}

export function createEntryStore<V>(db: Promise<TendrilDb>, store: EntryStoreName, options: EntryStoreOptions<V> = {}): EntryStore<V> {
  const prefix = options.prefix ?? ''
  const now = options.now ?? Date.now
  const encode = options.encode ?? ((v: V) => v)
  const decode = options.decode ?? ((v: unknown) => v as V)
  // Every key under the prefix (keys are strings; '\uffff' sorts after any character we use).
  const range = () => IDBKeyRange.bound(prefix, `${prefix}\uffff`)
  const expired = (entry: StoredEntry<unknown>) => entry.expiresAt !== null && entry.expiresAt <= now()

  async function evictBeyondBound(database: TendrilDb, max: number) {
    const tx = database.transaction(store, 'readwrite')
    const count = await tx.store.count(range())
    if (count > max) {
      const entries: Array<{ key: string; expiresAt: number }> = []
      for (let cursor = await tx.store.openCursor(range()); cursor; cursor = await cursor.continue()) {
        entries.push({ key: cursor.key, expiresAt: cursor.value.expiresAt ?? Infinity })
      }
      entries.sort((a, b) => a.expiresAt - b.expiresAt)
      for (const { key } of entries.slice(0, count - max)) await tx.store.delete(key)
    }
    await tx.done
  }

  return {
    async get(key) {
      const entry = await (await db).get(store, prefix + key)
      if (!entry) return undefined
      if (expired(entry)) {
        await (await db).delete(store, prefix + key)
        return undefined
      }
      return decode(entry.value)
    },
    async set(key, value) {
      const entry: TendrilSchema[EntryStoreName]['value'] = {
        value: encode(value),
        expiresAt: options.ttlMs === undefined ? null : now() + options.ttlMs,
      }
      const database = await db
      await database.put(store, entry, prefix + key)
      if (options.maxEntries !== undefined) await evictBeyondBound(database, options.maxEntries)
    },
    async del(key) {
      await (await db).delete(store, prefix + key)
    },
    async keys() {
      return ((await (await db).getAllKeys(store, range())) as string[]).map((k) => k.slice(prefix.length))
    },
    async clear() {
      await (await db).delete(store, range())
    },
    async sweep() {
      const tx = (await db).transaction(store, 'readwrite')
      let removed = 0
      for (let cursor = await tx.store.openCursor(range()); cursor; cursor = await cursor.continue()) {
        if (expired(cursor.value)) {
          await cursor.delete()
          removed++
        }
      }
      await tx.done
      return removed
    },
  }
}
