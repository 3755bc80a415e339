import type { OnChive } from './on-chive'
import type { SourceFinding } from './source-record'
import type { Citation } from './verify'

// What Tendril does about a verified source page, pure (table-tested). Chive keeps one backlink
// per source, so creating a second would silently replace the first: a source citing several
// eprints — or one already on Chive for another eprint — is always the reader's choice, never
// automatic. Automatic only for the reader's own record, once the reader said so in Tendril's own
// UI, when it cites exactly one eprint, Chive's list settled that it is not there yet, and the
// record is not an unlisted WhiteWind entry.

export interface BacklinkFacts {
  finding: SourceFinding
  /** Per cited eprint: is this source already its backlink on Chive? */
  onChive: ReadonlyMap<string, OnChive>
  /** The active account, if any. */
  activeDid: string | null
  /** The reader agreed to automatic backlinks for their own records. */
  automatic: boolean
  /** Eprints the reader dismissed (or Tendril already created) for this source. */
  settled: ReadonlySet<string>
}

export type BacklinkChoice =
  /** Cites nothing: nothing to say. */
  | { kind: 'nothing' }
  /** Everything it cites is on Chive already (or was settled): shown as such, nothing written. */
  | { kind: 'on-chive'; eprints: string[] }
  /** Offer these; `replaces` is the eprint Chive shows for this source now, if any. */
  | { kind: 'suggest'; citations: Citation[]; replaces?: string }
  /** Create this one without asking. */
  | { kind: 'create'; citation: Citation }

export function decideBacklink(f: BacklinkFacts): BacklinkChoice {
  const { citations } = f.finding
  if (citations.length === 0) return { kind: 'nothing' }
  const present = citations.filter((c) => f.onChive.get(c.eprint) === 'present').map((c) => c.eprint)
  const open = citations.filter((c) => f.onChive.get(c.eprint) !== 'present' && !f.settled.has(c.eprint))
  if (open.length === 0) return { kind: 'on-chive', eprints: present }
  const own = f.activeDid !== null && f.finding.did === f.activeDid
  const only = citations.length === 1 ? open[0] : undefined
  if (own && f.automatic && only && f.onChive.get(only.eprint) === 'absent' && !only.unlistedOnly) return { kind: 'create', citation: only }
  return { kind: 'suggest', citations: open, ...(present[0] ? { replaces: present[0] } : {}) }
}
