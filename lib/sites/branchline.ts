import { AtUri, isValidDid, isValidRecordKey } from '@atproto/syntax'
// With its extension: Node loads this file directly too (npm start, the bench).
import { recordPageRef } from './url.ts'

// Everything Tendril assumes about Branchline (branchline.ink, chris-pardy/StoryTree) lives here,
// so a change on their side is a change to this one file.

export const BRANCHLINE_HOST = 'branchline.ink'
export const BRANCHLINE_ORIGIN_PATTERN = 'https://branchline.ink/*'
export const BUD_NSID = 'ink.branchline.bud'

/** Any page of the site (the content script's match pattern, as a predicate over the tab's URL). */
export function isBranchlineUrl(input: string): boolean {
  try {
    const url = new URL(input)
    return url.protocol === 'https:' && url.hostname === BRANCHLINE_HOST
  } catch {
    return false
  }
}

/** A bud named by a page URL: the author may be a handle until the worker resolves it. */
export interface BudPageRef {
  /** DID or handle exactly as in the URL path (handles lower-cased). */
  actor: string
  rkey: string
  /** Known only when `actor` is a DID. */
  uri?: string
}

/**
 * `https://branchline.ink/bud/<did-or-handle>/<rkey>` ⇒ the bud it shows. The `#bud-<rkey>`
 * fragment that crossposts add, a trailing slash and query strings are ignored.
 */
export function parseBudPageUrl(input: string | URL): BudPageRef | undefined {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:' || url.hostname.replace(/^www\./, '') !== BRANCHLINE_HOST) return undefined
  const match = /^\/bud\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname)
  // The segments' one decoding and the actor/rkey checks are those every peer parser shares.
  return match ? recordPageRef(match[1]!, match[2]!, BUD_NSID) : undefined
}

export function budUri(did: string, rkey: string): string {
  return `at://${did}/${BUD_NSID}/${rkey}`
}

/** `at://<did>/ink.branchline.bud/<rkey>` ⇒ its page, or undefined for anything else. */
export function budPageUrl(uri: string): string | undefined {
  const parsed = parseBudUri(uri)
  return parsed ? `https://${BRANCHLINE_HOST}/bud/${parsed.did}/${parsed.rkey}` : undefined
}

export function parseBudUri(uri: string): { did: string; rkey: string } | undefined {
  let at: AtUri
  try {
    at = new AtUri(uri)
  } catch {
    return undefined
  }
  if (at.collection !== BUD_NSID || !isValidDid(at.host) || !isValidRecordKey(at.rkey)) return undefined
  return { did: at.host, rkey: at.rkey }
}

/** Example URLs the detector must understand; the unit tests iterate over them. */
export const BUD_PAGE_EXAMPLES: Array<[url: string, expected: BudPageRef | undefined]> = [
  [
    'https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a',
    { actor: 'did:plc:abc123', rkey: '3kq2z7xyz2k2a', uri: 'at://did:plc:abc123/ink.branchline.bud/3kq2z7xyz2k2a' },
  ],
  [
    'https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a#bud-3kq2z7xyz2k2a',
    { actor: 'did:plc:abc123', rkey: '3kq2z7xyz2k2a', uri: 'at://did:plc:abc123/ink.branchline.bud/3kq2z7xyz2k2a' },
  ],
  [
    'https://branchline.ink/bud/did:web:writer.example/3kq2z7xyz2k2a/?ref=share',
    {
      actor: 'did:web:writer.example',
      rkey: '3kq2z7xyz2k2a',
      uri: 'at://did:web:writer.example/ink.branchline.bud/3kq2z7xyz2k2a',
    },
  ],
  ['https://www.branchline.ink/bud/Ada.Example.com/3kq2z7xyz2k2a', { actor: 'ada.example.com', rkey: '3kq2z7xyz2k2a' }],
  ['https://branchline.ink/bud/did%3Aplc%3Aabc123/3kq2z7xyz2k2a', {
    actor: 'did:plc:abc123',
    rkey: '3kq2z7xyz2k2a',
    uri: 'at://did:plc:abc123/ink.branchline.bud/3kq2z7xyz2k2a',
  }],
  ['http://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a', undefined],
  ['https://branchline.ink.evil.example/bud/did:plc:abc123/3kq2z7xyz2k2a', undefined],
  ['https://branchline.ink/bud/did:plc:abc123', undefined],
  ['https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a/extra', undefined],
  ['https://branchline.ink/bud/not a handle/3kq2z7xyz2k2a', undefined],
  ['https://branchline.ink/bud/did:plc:abc123/..', undefined],
  ['https://branchline.ink/', undefined],
  ['not a url', undefined],
  // Hostile shapes: malformed escapes, double encoding, overlong names.
  ['https://branchline.ink/bud/did%3Aplc%3Aabc123/%E0%A4%A', undefined],
  ['https://branchline.ink/bud/did%253Aplc%253Aabc123/3kq2z7xyz2k2a', undefined],
  [`https://branchline.ink/bud/did:plc:${'a'.repeat(3000)}/3kq2z7xyz2k2a`, undefined],
  [`https://branchline.ink/bud/${'a'.repeat(250)}.test/3kq2z7xyz2k2a`, undefined],
  ['https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a%2F..', undefined],
]
