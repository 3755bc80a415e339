// Record CIDs computed locally (CIDv1, dag-cbor, sha-256), exactly as the PDS computes them.
// Why: a bud's `parent` strongRef needs its parent's CID, so a 200-deep branch would otherwise need
// 200 sequential createRecord round trips (~11 ms each). Knowing CIDs up front lets the whole forest
// go in one applyWrites per repo. Seeding compares every CID the PDS returns with ours and fails
// loudly on a mismatch, so this can never silently produce dangling strongRefs.
//
// Only the JSON subset our seed records use is supported: strings, safe integers, booleans, null,
// arrays and plain objects (no floats, bytes or CID links — atproto forbids floats anyway).
import { createHash } from 'node:crypto'

function head(major: number, n: number, out: number[]): void {
  const m = major << 5
  if (n < 24) out.push(m | n)
  else if (n < 0x100) out.push(m | 24, n)
  else if (n < 0x10000) out.push(m | 25, n >> 8, n & 0xff)
  else if (n < 0x100000000) out.push(m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
  else {
    const big = BigInt(n)
    out.push(m | 27)
    for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((big >> shift) & 0xffn))
  }
}

function encodeValue(value: unknown, out: number[]): void {
  if (value === null) return void out.push(0xf6)
  if (value === true) return void out.push(0xf5)
  if (value === false) return void out.push(0xf4)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`dag-cbor: unsupported number ${value}`)
    return value >= 0 ? head(0, value, out) : head(1, -1 - value, out)
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8')
    head(3, bytes.length, out)
    for (const b of bytes) out.push(b)
    return
  }
  if (Array.isArray(value)) {
    head(4, value.length, out)
    for (const item of value) encodeValue(item, out)
    return
  }
  if (typeof value === 'object' && value !== undefined) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    // DAG-CBOR canonical key order: shorter (in UTF-8 bytes) first, then bytewise.
    entries.sort(([a], [b]) => {
      const ab = Buffer.from(a, 'utf8')
      const bb = Buffer.from(b, 'utf8')
      return ab.length - bb.length || Buffer.compare(ab, bb)
    })
    head(5, entries.length, out)
    for (const [k, v] of entries) {
      encodeValue(k, out)
      encodeValue(v, out)
    }
    return
  }
  throw new Error(`dag-cbor: unsupported value ${String(value)}`)
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

function base32(bytes: Uint8Array): string {
  let bits = 0
  let acc = 0
  let out = ''
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0x1fff // never more than 12 pending bits
    bits += 8
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31]
  return out
}

/** The CID string the PDS will report for this record. */
export function recordCid(record: unknown): string {
  const out: number[] = []
  encodeValue(record, out)
  const digest = createHash('sha256').update(Uint8Array.from(out)).digest()
  // CIDv1 (0x01), dag-cbor codec (0x71), sha2-256 multihash (0x12, length 0x20).
  const cid = new Uint8Array([0x01, 0x71, 0x12, 0x20, ...digest])
  return 'b' + base32(cid)
}
