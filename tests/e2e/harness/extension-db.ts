import type { Tendril } from './tendril.ts'

// Reads what the running extension itself stored in its IndexedDB (database `tendril`,
// lib/storage/db.ts). An extension page shares the worker's origin, and so its IndexedDB: the test
// looks at the very objects the worker wrote, without any test-only entry point in the extension.

/** What a stored CryptoKey is, as plain data (a CryptoKey cannot leave the page). */
export interface KeyFacts {
  isCryptoKey: boolean
  type: string
  extractable: boolean
  algorithm: { name: string; namedCurve?: string }
  usages: string[]
}

export interface StoredDpopKey {
  /** The record's key: the `state` of an authorization request, the DID of a session. */
  key: string
  /** lib/atproto/oauth/key-codec.ts's tag for a WebCrypto key pair. */
  kind: unknown
  privateKey: KeyFacts
  publicKey: KeyFacts
  /** What `crypto.subtle.exportKey('jwk', privateKey)` did: 'refused', or 'exported' (a leak). */
  privateExport: 'refused' | 'exported'
  /** A signature made with the stored private key verifies with the stored public key. */
  pairMatches: boolean
  /** The public key as a JWK (the public half is always exportable), to compare keys by. */
  publicJwk: { kty?: string; crv?: string; x?: string; y?: string }
}

export type DpopStore = 'oauth-state' | 'oauth-session'

/** Every DPoP key pair in `store`, described from inside an extension page. */
export async function readStoredDpopKeys(tendril: Tendril, store: DpopStore): Promise<StoredDpopKey[]> {
  const page = await tendril.browser.newPage()
  try {
    await page.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    return await page.evaluate(async (storeName: string) => {
      // Opening a database that does not exist would create an empty one the worker then could
      // not upgrade: only read once the worker has made it.
      if (!(await indexedDB.databases()).some((d) => d.name === 'tendril')) throw new Error('the extension has no "tendril" database yet')
      const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))))
      const db = await request(indexedDB.open('tendril'))
      try {
        const tx = db.transaction(storeName, 'readonly')
        const keys = (await request(tx.objectStore(storeName).getAllKeys())) as string[]
        const values = (await request(tx.objectStore(storeName).getAll())) as Array<{ value?: { dpopKey?: { kind?: unknown; keyPair?: CryptoKeyPair } } }>
        const facts = (k: CryptoKey | undefined) => ({
          isCryptoKey: k instanceof CryptoKey,
          type: String(k?.type),
          extractable: Boolean(k?.extractable),
          algorithm: { ...(k?.algorithm as { name: string; namedCurve?: string }) },
          usages: [...(k?.usages ?? [])].sort(),
        })
        const described = []
        for (let i = 0; i < keys.length; i++) {
          const stored = values[i]?.value?.dpopKey
          const pair = stored?.keyPair
          if (!pair?.privateKey || !pair.publicKey) throw new Error(`${storeName}/${keys[i]} holds no CryptoKey pair`)
          const privateExport = await crypto.subtle.exportKey('jwk', pair.privateKey).then(
            () => 'exported' as const,
            () => 'refused' as const,
          )
          const ecdsa = { name: 'ECDSA', hash: 'SHA-256' }
          const data = new TextEncoder().encode(`tendril ${keys[i]}`)
          const signature = await crypto.subtle.sign(ecdsa, pair.privateKey, data)
          const pairMatches = await crypto.subtle.verify(ecdsa, pair.publicKey, signature, data)
          const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey)
          described.push({
            key: keys[i]!,
            kind: stored?.kind,
            privateKey: facts(pair.privateKey),
            publicKey: facts(pair.publicKey),
            privateExport,
            pairMatches,
            publicJwk: { kty, crv, x, y },
          })
        }
        return described
      } finally {
        db.close()
      }
    }, store)
  } finally {
    await page.close()
  }
}

/** The DPoP nonces the worker stored (lib/atproto/oauth/stores.ts, `dpop-nonce:<origin>` in
 * `oauth-cache`); with `forget`, deletes them first and returns what was there. */
export async function storedDpopNonces(tendril: Tendril, options: { forget?: boolean } = {}): Promise<string[]> {
  const page = await tendril.browser.newPage()
  try {
    await page.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    return await page.evaluate(async (forget: boolean) => {
      if (!(await indexedDB.databases()).some((d) => d.name === 'tendril')) throw new Error('the extension has no "tendril" database yet')
      const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))))
      const db = await request(indexedDB.open('tendril'))
      try {
        const store = db.transaction('oauth-cache', forget ? 'readwrite' : 'readonly').objectStore('oauth-cache')
        const keys = ((await request(store.getAllKeys())) as string[]).filter((k) => k.startsWith('dpop-nonce:'))
        if (forget) for (const key of keys) await request(store.delete(key))
        return keys.map((k) => k.slice('dpop-nonce:'.length))
      } finally {
        db.close()
      }
    }, options.forget ?? false)
  } finally {
    await page.close()
  }
}

/** Puts `entries` into the write journal of the running extension (store `writes`), as an older
 * worker would have left them; returns the ids the store now holds. */
export async function seedWrites(tendril: Tendril, entries: object[]): Promise<string[]> {
  return onExtensionDb(tendril, 'writes', 'readwrite', entries)
}

/** The ids in the running extension's write journal. */
export async function storedWriteIds(tendril: Tendril): Promise<string[]> {
  return onExtensionDb(tendril, 'writes', 'readonly', [])
}

async function onExtensionDb(tendril: Tendril, storeName: string, mode: IDBTransactionMode, put: object[]): Promise<string[]> {
  const page = await tendril.browser.newPage()
  try {
    await page.goto(`chrome-extension://${tendril.extensionId}/options.html`)
    return await page.evaluate(
      async (name: string, txMode: IDBTransactionMode, values: object[]) => {
        if (!(await indexedDB.databases()).some((d) => d.name === 'tendril')) throw new Error('the extension has no "tendril" database yet')
        const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))))
        const db = await request(indexedDB.open('tendril'))
        try {
          const store = db.transaction(name, txMode).objectStore(name)
          for (const value of values) await request(store.put(value))
          return ((await request(store.getAllKeys())) as string[]).map(String)
        } finally {
          db.close()
        }
      },
      storeName,
      mode,
      put,
    )
  } finally {
    await page.close()
  }
}
