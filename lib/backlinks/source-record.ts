import { isValidDid } from '@atproto/syntax'
import type { PdsOf } from '../identity/pds-of'
import type { ResolveHandle } from '../identity/resolve-handle'
import { validateRecord, type RecordNsid } from '../records/validate'
import type { DetectedPage } from '../sites'
import { readPublicRecord } from '../atproto/public-record'
import { verifySource, type Citation } from './verify'

// A source page's record, read where it lives — its author's own PDS, never the page — checked
// against its lexicon and verified (lib/backlinks/verify): which eprints it really cites. Handles
// (in the page URL, or in an eprint link) are resolved to DIDs first: Chive takes DID-based URIs
// only, and a handle is never compared with a DID as text.

export interface SourceFinding {
  /** The record's DID-based AT-URI (Chive's `sourceUri`). */
  sourceUri: string
  /** The author's DID: the reader's own record when it is the active account's. */
  did: string
  /** What it cites, eprints DID-based, one per eprint. */
  citations: Citation[]
}

export type SourcePage = Extract<DetectedPage, { site: 'bluesky' | 'whitewind' | 'leaflet' }>

/** The record collections a source page may name, in the order to try. */
export function collectionsOf(page: SourcePage): readonly string[] {
  if (page.site === 'bluesky') return ['app.bsky.feed.post']
  if (page.site === 'whitewind') return ['com.whtwnd.blog.entry']
  return page.ref.collections
}

export function createSourceReader(deps: { pdsOf: PdsOf; resolveHandle: ResolveHandle; fetch?: typeof fetch }) {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))

  const getRecord = (pds: string, did: string, collection: string, rkey: string) => readPublicRecord(doFetch, pds, { did, collection, rkey })

  /** `at://<handle>/…` → `at://<did>/…`; undefined when the handle resolves to nothing. */
  async function didBased(uri: string): Promise<string | undefined> {
    const [, , host, ...rest] = uri.split('/')
    if (!host) return undefined
    const did = isValidDid(host) ? host : await deps.resolveHandle(host).catch(() => undefined)
    return did ? ['at:', '', did, ...rest].join('/') : undefined
  }

  return {
    /** What the record a source page shows cites; undefined when no such record exists. */
    async read(page: SourcePage): Promise<SourceFinding | undefined> {
      const did = isValidDid(page.ref.actor) ? page.ref.actor : await deps.resolveHandle(page.ref.actor)
      const pds = await deps.pdsOf(did)
      if (!pds) return undefined
      for (const collection of collectionsOf(page)) {
        const found = await getRecord(pds, did, collection, page.ref.rkey)
        if (!found) continue
        // A record that breaks its lexicon cites nothing Tendril can vouch for.
        let value: unknown
        try {
          value = validateRecord(collection as RecordNsid, found.value)
        } catch {
          return { sourceUri: `at://${did}/${collection}/${page.ref.rkey}`, did, citations: [] }
        }
        const citations: Citation[] = []
        for (const citation of verifySource(collection, value)) {
          const eprint = citation.needsResolve ? await didBased(citation.eprint) : citation.eprint
          if (!eprint || citations.some((c) => c.eprint === eprint)) continue
          const { needsResolve: _resolved, ...rest } = citation
          citations.push({ ...rest, eprint })
        }
        return { sourceUri: `at://${did}/${collection}/${page.ref.rkey}`, did, citations }
      }
      return undefined
    },
  }
}

export type SourceReader = ReturnType<typeof createSourceReader>
