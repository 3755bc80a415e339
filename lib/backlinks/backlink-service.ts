import type { Journal } from '../writes/journal'
import type { WriteOp } from '../writes/entry'
import type { createOnChive, OnChive } from './on-chive'
import type { SourceFinding, SourcePage, SourceReader } from './source-record'
import type { Citation } from './verify'

// Creating and removing a backlink on Chive, through the one write path (the journal's service op,
// keyed by the source: Chive keeps one backlink per source, so a create repeated is harmless).
// Removing first asks Chive's list whether the source still points at that eprint: Chive's delete
// has no owner check and names only the source, so an undo must never remove a backlink that now
// points elsewhere (someone else's create since).

export const BACKLINK_FEATURE = 'backlink'
/** Entered without a click because the reader chose "Always": dropped if they turn it off first. */
export const AUTO_BACKLINK_FEATURE = 'backlink.auto'
export const isBacklinkFeature = (feature: string) => feature === BACKLINK_FEATURE || feature === AUTO_BACKLINK_FEATURE
const CREATE = 'pub.chive.backlink.create'
const DELETE = 'pub.chive.backlink.delete'

export type BacklinkOutcome =
  | { kind: 'entered' }
  | { kind: 'already-asked' }
  | { kind: 'removed' }
  | { kind: 'points-elsewhere' }

export function createBacklinkService(deps: {
  journal: Pick<Journal, 'decide'>
  onChive: ReturnType<typeof createOnChive>
  reader: Pick<SourceReader, 'read'>
}) {
  return {
    /** A source page, verified: what its record cites, and whether each is already on Chive. A
     * record that cites nothing costs Chive no request at all. */
    async examine(page: SourcePage): Promise<Examined | undefined> {
      const finding = await deps.reader.read(page)
      if (!finding) return undefined
      const onChive = new Map<string, OnChive>()
      let chiveError: unknown
      for (const c of finding.citations) {
        // Chive busy (429) or down: what was verified is still offered, but nothing is automatic
        // (`unknown` never is), and Chive is not asked again for the rest of this source.
        if (chiveError !== undefined) {
          onChive.set(c.eprint, 'unknown')
          continue
        }
        try {
          onChive.set(c.eprint, await deps.onChive.check(finding.sourceUri, c.eprint, c.sourceType))
        } catch (error) {
          chiveError = error
          onChive.set(c.eprint, 'unknown')
        }
      }
      return { finding, onChive, ...(chiveError !== undefined ? { chiveError } : {}) }
    },

    /** Enters the create for `did` (the account whose service token Chive will see). */
    async create(did: string, finding: SourceFinding, citation: Citation, label: string, options: { automatic?: boolean } = {}): Promise<BacklinkOutcome> {
      const op: WriteOp = {
        kind: 'service',
        service: 'chive',
        nsid: CREATE,
        input: { sourceUri: finding.sourceUri, sourceType: citation.sourceType, targetUri: citation.eprint, ...(citation.context ? { context: citation.context } : {}) },
        key: finding.sourceUri,
      }
      const { answer } = await deps.journal.decide(did, async (unsettled) => {
        // The same create not sent yet (a double click, two tabs): one is enough.
        const same = unsettled.some((e) => e.op.kind === 'service' && e.op.nsid === CREATE && e.op.key === finding.sourceUri && e.op.input.targetUri === citation.eprint && e.status === 'pending')
        if (same) return { writes: [], answer: 'already-asked' as const }
        return { writes: [{ feature: options.automatic ? AUTO_BACKLINK_FEATURE : BACKLINK_FEATURE, label, op }], answer: 'entered' as const }
      })
      deps.onChive.forget(finding.sourceUri, citation.eprint, citation.sourceType)
      return { kind: answer }
    },

    /** Undo: removes the source's backlink only if Chive still shows it pointing at `eprint`. */
    async remove(did: string, sourceUri: string, eprint: string, sourceType: string, label: string): Promise<BacklinkOutcome> {
      deps.onChive.forget(sourceUri, eprint, sourceType)
      if ((await deps.onChive.check(sourceUri, eprint, sourceType)) !== 'present') return { kind: 'points-elsewhere' }
      await deps.journal.decide(did, async () => ({
        writes: [{ feature: BACKLINK_FEATURE, label, op: { kind: 'service', service: 'chive', nsid: DELETE, input: { sourceUri }, key: sourceUri } }],
        answer: null,
      }))
      deps.onChive.forget(sourceUri, eprint, sourceType)
      return { kind: 'removed' }
    },
  }
}

export type BacklinkService = ReturnType<typeof createBacklinkService>

/** The reader took back "Always": automatic backlinks not sent yet were entered on a consent that
 * is gone, so they are dropped (a stopped conflict is left for the reader to see). */
export async function dropUnsentAutomatic(journal: Pick<Journal, 'list' | 'discard'>): Promise<number> {
  let dropped = 0
  for (const entry of await journal.list()) {
    if (entry.feature !== AUTO_BACKLINK_FEATURE || entry.status === 'conflict') continue
    await journal.discard(entry.id)
    dropped++
  }
  return dropped
}

export interface Examined {
  finding: SourceFinding
  /** Per cited eprint: is this source already its backlink on Chive? */
  onChive: Map<string, OnChive>
  /** Why Chive could not be asked (busy, unreachable), if it could not. */
  chiveError?: unknown
}
