import type { CreatedBacklinkRow, TendrilDb } from '../storage/db'

// The backlinks Tendril created, as Chive confirmed them (rows written from the journal's answers,
// never before), and the suggestions the reader dismissed. Both live in the worker's IndexedDB.
//
// Decision: the rows outlive a sign-out. A backlink stays published on Chive under the reader's
// identity whether or not they are signed in here, and this list is how they find it again to
// remove it (which needs them signed in to that account).

export type { CreatedBacklinkRow }

const dismissKey = (sourceUri: string, eprint: string) => `${sourceUri} ${eprint}`

export function createCreatedBacklinks(db: Promise<TendrilDb>) {
  return {
    async put(row: CreatedBacklinkRow): Promise<void> {
      await (await db).put('backlinks', row)
    },
    async delete(did: string, sourceUri: string): Promise<void> {
      await (await db).delete('backlinks', [did, sourceUri])
    },
    async get(did: string, sourceUri: string): Promise<CreatedBacklinkRow | undefined> {
      return (await db).get('backlinks', [did, sourceUri])
    },
    /** Every account's, newest first. */
    async all(): Promise<CreatedBacklinkRow[]> {
      return (await (await db).getAll('backlinks')).sort((a, b) => b.createdAt - a.createdAt)
    },
    /** Which of these sources Tendril created a backlink for (any account), by source. */
    async bySource(sourceUris: readonly string[]): Promise<Map<string, CreatedBacklinkRow>> {
      const wanted = new Set(sourceUris)
      const out = new Map<string, CreatedBacklinkRow>()
      if (wanted.size === 0) return out
      for (const row of await (await db).getAll('backlinks')) if (wanted.has(row.sourceUri)) out.set(row.sourceUri, row)
      return out
    },
    async dismiss(sourceUri: string, eprint: string, now = Date.now()): Promise<void> {
      await (await db).put('backlink-dismissed', { at: now }, dismissKey(sourceUri, eprint))
    },
    async dismissed(sourceUri: string, eprints: readonly string[]): Promise<Set<string>> {
      const store = (await db).transaction('backlink-dismissed').store
      const out = new Set<string>()
      for (const eprint of eprints) if (await store.get(dismissKey(sourceUri, eprint))) out.add(eprint)
      return out
    },
  }
}

export type CreatedBacklinks = ReturnType<typeof createCreatedBacklinks>
