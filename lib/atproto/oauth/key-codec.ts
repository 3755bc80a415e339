import type { Key } from '@atproto/oauth-client'
import { WebcryptoKey } from '@atproto/jwk-webcrypto'

// How a DPoP key is kept in IndexedDB. In the extension it is a WebCrypto key pair generated
// non-extractable: IndexedDB stores the CryptoKey objects themselves, so the private key never
// exists as bytes anywhere Tendril (or a page, or a test) could read. Tests in Node, where
// WebcryptoKey.generate is unavailable, inject a JWK codec instead.

export interface KeyCodec {
  generate(algs: string[]): Promise<Key>
  encode(key: Key): unknown
  decode(stored: unknown): Promise<Key>
}

interface StoredWebcryptoKey {
  kind: 'webcrypto'
  keyPair: CryptoKeyPair
  kid?: string
}

export const webcryptoKeyCodec: KeyCodec = {
  generate: (algs) => WebcryptoKey.generate(algs, undefined, { extractable: false }),
  encode(key) {
    if (!(key instanceof WebcryptoKey)) throw new TypeError('expected a WebCrypto DPoP key')
    return { kind: 'webcrypto', keyPair: key.cryptoKeyPair, kid: key.kid } satisfies StoredWebcryptoKey
  },
  async decode(stored) {
    const value = stored as StoredWebcryptoKey
    if (value?.kind !== 'webcrypto') throw new TypeError('stored DPoP key is not a WebCrypto key pair')
    return WebcryptoKey.fromKeypair(value.keyPair, value.kid)
  },
}
