import type { Journal } from '../writes/journal'
import type { WriteEntry } from '../writes/entry'
import type { Attempt } from '../writes/perform'
import { AUTO_BACKLINK_FEATURE, isBacklinkFeature } from './backlink-service'
import type { CreatedBacklinks } from './created-store'
import type { EprintInfo } from './eprint-info'
import { backlinkCreateTarget } from './source-pages'
import { sourcePageUrl } from './source-url'
import type { SourceType } from './verify'
import type { CreatedBacklinkView } from './views'

// Every backlink Tendril created, for the list the reader undoes from: the ones Chive confirmed
// (rows written from the journal's answers) and, above them, the ones still being sent.

export function createCreatedList(deps: { created: Pick<CreatedBacklinks, 'all' | 'put' | 'delete'>; journal: Pick<Journal, 'list'>; eprints: Pick<EprintInfo, 'cached' | 'known'>; now?: () => number }) {
  const now = deps.now ?? Date.now
  return {
    async list(): Promise<CreatedBacklinkView[]> {
      const sending: CreatedBacklinkView[] = []
      for (const entry of await deps.journal.list()) {
        const eprint = backlinkCreateTarget(entry)
        if (!eprint || entry.op.kind !== 'service') continue
        sending.push({
          did: entry.did,
          sourceUri: entry.op.key,
          sourceType: entry.op.input.sourceType as SourceType,
          ...withUrl(entry.op.key),
          eprint: deps.eprints.cached(eprint),
          createdAt: new Date(entry.createdAt).toISOString(),
          automatic: entry.feature === AUTO_BACKLINK_FEATURE,
          sending: true,
        })
      }
      const done = (await deps.created.all()).map((row): CreatedBacklinkView => {
        const eprint = deps.eprints.cached(row.eprint)
        return {
          did: row.did,
          sourceUri: row.sourceUri,
          sourceType: row.sourceType as SourceType,
          ...withUrl(row.sourceUri),
          eprint: row.eprintTitle ? { ...eprint, title: row.eprintTitle } : eprint,
          createdAt: new Date(row.createdAt).toISOString(),
          automatic: row.automatic,
          sending: false,
        }
      })
      return [...sending.reverse(), ...done]
    },

    /** The journal's answer for a backlink write: Chive has it (create) or no longer (delete). */
    async fromJournal(entry: WriteEntry, _outcome: Extract<Attempt, { kind: 'done' }>): Promise<void> {
      if (!isBacklinkFeature(entry.feature) || entry.op.kind !== 'service') return
      const sourceUri = entry.op.key
      const eprint = backlinkCreateTarget(entry)
      if (eprint) {
        const title = deps.eprints.known(eprint)?.title
        await deps.created.put({
          did: entry.did,
          sourceUri,
          sourceType: String(entry.op.input.sourceType),
          eprint,
          ...(title ? { eprintTitle: title } : {}),
          createdAt: now(),
          automatic: entry.feature === AUTO_BACKLINK_FEATURE,
        })
      } else if (entry.op.nsid === 'pub.chive.backlink.delete') {
        await deps.created.delete(entry.did, sourceUri)
      }
    },
  }
}

const withUrl = (sourceUri: string) => {
  const url = sourcePageUrl(sourceUri)
  return url ? { sourceUrl: url } : {}
}
