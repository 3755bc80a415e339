import type { PdsOf } from '../identity/pds-of'
import { readPublicRecord } from '../atproto/public-record'
import { CHIVE_ORIGIN, EPRINT_NSID, parseEprintUri } from '../sites/chive'
import type { EprintView } from './views'

// What Tendril says an eprint is called: the `title` of its `pub.chive.eprint.submission` record,
// read at its author's PDS (never a page's heading, which any page can set). An eprint whose record
// is not there is `undefined`: Tendril does not offer a backlink to something that does not exist.
// Answers are kept for a while (titles rarely change; a prompt and the popup ask for the same ones).

export const KEEP_MS = 30 * 60_000
export const KEEP_MISSING_MS = 5 * 60_000
const MAX_TITLE = 300

export const eprintPageUrl = (uri: string) => `${CHIVE_ORIGIN}/eprints/${encodeURIComponent(uri)}`

export function createEprintInfo(deps: { pdsOf: PdsOf; fetch?: typeof fetch; now?: () => number }) {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const now = deps.now ?? Date.now
  const known = new Map<string, { at: number; view: EprintView | undefined }>()
  const inFlight = new Map<string, Promise<EprintView | undefined>>()

  async function read(uri: string): Promise<EprintView | undefined> {
    const ref = parseEprintUri(uri)
    if (!ref?.uri) return undefined
    const pds = await deps.pdsOf(ref.actor)
    if (!pds) return undefined
    const found = await readPublicRecord(doFetch, pds, { did: ref.actor, collection: EPRINT_NSID, rkey: ref.rkey })
    if (!found) return undefined
    const title = (found.value as { title?: unknown }).title
    const text = typeof title === 'string' ? title.trim().slice(0, MAX_TITLE) : ''
    return { uri: ref.uri, title: text || 'Untitled eprint', pageUrl: eprintPageUrl(ref.uri) }
  }

  return {
    /** The eprint `uri` (DID-based) names, or undefined when its record does not exist. Throws when
     * its PDS cannot be reached. */
    async get(uri: string): Promise<EprintView | undefined> {
      const hit = known.get(uri)
      if (hit && now() - hit.at < (hit.view ? KEEP_MS : KEEP_MISSING_MS)) return hit.view
      let pending = inFlight.get(uri)
      if (!pending) {
        pending = read(uri).finally(() => inFlight.delete(uri))
        inFlight.set(uri, pending)
      }
      const view = await pending
      known.set(uri, { at: now(), view })
      return view
    },
    /** Without a network request: the view if this worker has read it. */
    known(uri: string): EprintView | undefined {
      return known.get(uri)?.view
    },
    /** Without a network request: the view if known, else a placeholder naming the eprint's page. */
    cached(uri: string): EprintView {
      return known.get(uri)?.view ?? { uri, title: 'an eprint on Chive', pageUrl: eprintPageUrl(uri) }
    },
  }
}

export type EprintInfo = ReturnType<typeof createEprintInfo>
