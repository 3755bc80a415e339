import type { StoredEntry, TendrilDb, TendrilSchema } from './db'

// A SimpleStore (the interface @atproto/oauth-client expects) over one IndexedDB object store,
// with optional expiry and a codec for values that need rebuilding (DPoP keys).

type StoreName = 'oauth-state' | 'oauth-session' | 'oauth-cache'

export interface EntryStoreOptions<V> {
  /** Key prefix, so several caches can share one object store. */
  prefix?: string
  /** Entry lifetime in ms; entries without a ttl never expire. */
  ttlMs?: number
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
}

export function createEntryStore<V>(db: Promise<TendrilDb>, store: StoreName, options: EntryStoreOptions<V> = {}): EntryStore<V> {
  const prefix = options.prefix ?? ''
  const now = options.now ?? Date.now
  const encode = options.encode ?? ((v: V) => v)
  const decode = options.decode ?? ((v: unknown) => v as V)
  const inRange = (key: string) => key.startsWith(prefix)

  return {
    async get(key) {
      const entry = (await (await db).get(store, prefix + key)) as StoredEntry<unknown> | undefined
      if (!entry) return undefined
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        await (await db).delete(store, prefix + key)
        return undefined
      }
      return decode(entry.value)
    },
    async set(key, value) {
      const entry: TendrilSchema[StoreName]['value'] = {
        value: encode(value),
        expiresAt: options.ttlMs === undefined ? null : now() + options.ttlMs,
      }
      await (await db).put(store, entry, prefix + key)
    },
    async del(key) {
      await (await db).delete(store, prefix + key)
    },
    async keys() {
      const all = (await (await db).getAllKeys(store)) as string[]
      return all.filter(inRange).map((k) => k.slice(prefix.length))
    },
    async clear() {
      const database = await db
      const tx = database.transaction(store, 'readwrite')
      for (const key of (await tx.store.getAllKeys()) as string[]) if (inRange(key)) await tx.store.delete(key)
      await tx.done
    },
  }
}
