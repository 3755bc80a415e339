// Chive's backlink table, in memory, with the semantics of chive-pub/chive
// src/services/backlink/backlink-service.ts and its Postgres schema:
// - one row per sourceUri: a second create overwrites type/target/context, clears `deleted` and
//   keeps the row id (INSERT … ON CONFLICT (source_uri) DO UPDATE);
// - delete is a soft delete of the row for that sourceUri (no ownership check — Chive has none);
// - source_type is limited by a CHECK constraint to the values below (anything else is a database
//   error, which Chive reports as a 500);
// - list: non-deleted rows for a target, optional type filter, ordered by id, cursor = last id;
// - counts: non-deleted rows per type; total counts every type.
// The store starts with the backlinks Chive's own indexer would already hold (seed/chive-backlinks.ts),
// and reset() returns to exactly that state: the same rows with the same ids, nothing else.

export const STORED_SOURCE_TYPES = new Set([
  'cosmik.collection', 'cosmik.connection', 'cosmik.follow', 'leaflet.list', 'whitewind.blog',
  'bluesky.post', 'bluesky.embed', 'chive.comment', 'chive.endorsement', 'margin.annotation',
  'margin.highlight', 'margin.bookmark', 'other',
])

export interface BacklinkRow {
  id: number
  sourceUri: string
  sourceType: string
  sourceDid: string
  targetUri: string
  context?: string
  indexedAt: string
  deleted: boolean
}

/** A row present before the sandbox serves anything, as an indexer wrote it at `indexedAt`. */
export type SeededBacklink = Omit<BacklinkRow, 'id' | 'deleted'>

export class CheckViolation extends Error {}

export class BacklinkStore {
  private rows = new Map<string, BacklinkRow>()
  private nextId = 1
  private readonly seeded: readonly SeededBacklink[]

  /** `seeded` rows get ids 1…n in the order given (give them oldest first, as an indexer finds them). */
  constructor(seeded: readonly SeededBacklink[] = []) {
    this.seeded = seeded
    this.reset()
  }

  upsert(input: { sourceUri: string; sourceType: string; sourceDid: string; targetUri: string; context?: string }): BacklinkRow {
    if (!STORED_SOURCE_TYPES.has(input.sourceType)) {
      throw new CheckViolation('new row for relation "backlinks" violates check constraint "backlinks_source_type_check"')
    }
    const existing = this.rows.get(input.sourceUri)
    const row: BacklinkRow = {
      id: existing?.id ?? this.nextId++,
      sourceUri: input.sourceUri,
      sourceType: input.sourceType,
      sourceDid: input.sourceDid,
      targetUri: input.targetUri,
      ...(input.context !== undefined ? { context: input.context } : {}),
      indexedAt: new Date().toISOString(),
      deleted: false,
    }
    this.rows.set(input.sourceUri, row)
    return row
  }

  markDeleted(sourceUri: string): boolean {
    const row = this.rows.get(sourceUri)
    if (!row || row.deleted) return false
    row.deleted = true
    return true
  }

  list(targetUri: string, opts: { sourceType?: string; limit: number; afterId?: number }) {
    const matching = [...this.rows.values()]
      .filter((r) => r.targetUri === targetUri && !r.deleted)
      .filter((r) => !opts.sourceType || r.sourceType === opts.sourceType)
      .filter((r) => opts.afterId === undefined || r.id > opts.afterId)
      .sort((a, b) => a.id - b.id)
    const page = matching.slice(0, opts.limit)
    const hasMore = matching.length > opts.limit
    return { rows: page, cursor: hasMore ? String(page[page.length - 1]!.id) : undefined }
  }

  counts(targetUri: string) {
    const live = [...this.rows.values()].filter((r) => r.targetUri === targetUri && !r.deleted)
    const n = (type: string) => live.filter((r) => r.sourceType === type).length
    return {
      cosmikCollections: n('cosmik.collection'),
      leafletLists: n('leaflet.list'),
      whitewindBlogs: n('whitewind.blog'),
      blueskyPosts: n('bluesky.post'),
      blueskyEmbeds: n('bluesky.embed'),
      other: n('other'),
      total: live.length,
    }
  }

  /** Every row, deleted ones included (control server only). */
  all(): BacklinkRow[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id)
  }

  /** Back to the seeded state: every row written since is forgotten, the seeded ones come back as
   * they were (same ids, not deleted, same indexedAt). */
  reset(): void {
    this.rows.clear()
    this.nextId = 1
    for (const row of this.seeded) {
      if (!STORED_SOURCE_TYPES.has(row.sourceType)) throw new CheckViolation(`seeded backlink ${row.sourceUri}: sourceType ${row.sourceType}`)
      if (this.rows.has(row.sourceUri)) throw new Error(`seeded backlink ${row.sourceUri} twice: Chive keeps one row per sourceUri`)
      this.rows.set(row.sourceUri, { ...row, id: this.nextId++, deleted: false })
    }
  }
}
