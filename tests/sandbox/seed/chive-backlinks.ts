// The backlinks Chive's own indexer would already hold for a much-cited eprint, so the Chive stand-in
// starts with more than one `pub.chive.backlink.list` page (limit 50 by default, 100 at most) for it.
// Shaped like the indexer's findings (REFERENCE.md, "Chive"): mostly Semble cards (`cosmik.collection`,
// sourceUri = the `network.cosmik.card` AT-URI), Leaflet / standard.site documents (`leaflet.list`,
// which Chive indexes since 0.12) and `other` (standard.site documents on other publishers' sites).
//
// The records are NOT written to the PDS: their authors are made-up did:plc DIDs the PLC does not
// know, as for people on other PDSes the sandbox does not run. Nothing here may be a seeded account's
// record: those sources must stay absent from Chive until Tendril creates them (checked at planning
// time and again in tests/integration/sandbox/ready.test.ts).
import { TID } from '@atproto/common-web'
import type { SeededBacklink } from '../chive-store.ts'
import { seededRandom } from '../write-faults.ts'

/** More than one page even at the largest limit (100), and not a round multiple of any page size. */
export const BUSY_BACKLINKS = 130

const HOUR = 3_600_000

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

const COLLECTIONS = [
  'Oral history methods', 'Coastal archives', 'Memory studies', 'Maritime humanities', 'Archival theory',
  'Fieldwork references', 'Reading group: place and memory', 'Community archives', 'To cite in chapter 3',
  'Sound and testimony', 'Harbour towns',
]
const DOCUMENTS = [
  'What the tide remembers', 'Notes from the harbour archive', 'Listening before dating', 'On keeping the teller’s order',
  'Field notes, week', 'Lighthouses as calendars', 'Three archives, one storm', 'Syllabus: oral history',
  'Why chronology is not neutral', 'A reading list for coastal historians',
]

type Kind = { sourceType: string; collection: string; context: (r: () => number) => string }

// Weights as the indexer would see them: Semble cards far the commonest, then documents.
const KINDS: [number, Kind][] = [
  [0.55, { sourceType: 'cosmik.collection', collection: 'network.cosmik.card', context: (r) => `Added to “${pick(r, COLLECTIONS)}”` }],
  [0.15, { sourceType: 'leaflet.list', collection: 'site.standard.document', context: (r) => docTitle(r) }],
  [0.1, { sourceType: 'leaflet.list', collection: 'pub.leaflet.document', context: (r) => docTitle(r) }],
  [0.2, { sourceType: 'other', collection: 'site.standard.document', context: (r) => docTitle(r) }],
]

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
const docTitle = (r: () => number) => {
  const title = pick(r, DOCUMENTS)
  return title.endsWith('week') ? `${title} ${1 + Math.floor(r() * 40)}` : title
}

export function planChiveBacklinks(opts: {
  targetUri: string
  /** The eprint's createdAt: nothing cites it earlier. */
  since: string
  now: number
  count?: number
  /** AT-URIs that must not appear (the seeded records). */
  avoid: ReadonlySet<string>
}): SeededBacklink[] {
  // Seeded, so every sandbox start holds the same backlinks.
  const r = seededRandom(0x7e4d1)
  const count = opts.count ?? BUSY_BACKLINKS
  // A few dozen people, some of whom cite the eprint more than once (several cards, a card and a post).
  const authors = Array.from({ length: Math.ceil(count / 3) }, () =>
    `did:plc:${Array.from({ length: 24 }, () => BASE32[Math.floor(r() * 32)]).join('')}`)
  const start = Date.parse(opts.since) + 24 * HOUR
  const end = opts.now - HOUR
  // Indexed times spread over the eprint's life, oldest first (the store numbers them in this order).
  const times = Array.from({ length: count }, () => start + r() * (end - start)).sort((a, b) => a - b)
  return times.map((indexedAt, i) => {
    let roll = r()
    const kind = KINDS.find(([w]) => (roll -= w) < 0)?.[1] ?? KINDS[0]![1]
    const did = pick(r, authors)
    // The record was written a little before the indexer saw it; its rkey is a TID of that moment.
    const written = indexedAt - r() * 6 * HOUR
    const rkey = TID.fromTime(Math.floor(written) * 1000, i % 32).toString()
    const sourceUri = `at://${did}/${kind.collection}/${rkey}`
    if (opts.avoid.has(sourceUri)) throw new Error(`planned Chive backlink ${sourceUri} is a seeded record`)
    return {
      sourceUri,
      sourceType: kind.sourceType,
      sourceDid: did,
      targetUri: opts.targetUri,
      context: kind.context(r),
      indexedAt: new Date(indexedAt).toISOString(),
    }
  })
}
