import type { ChiveClient } from '../appview/chive-client'

// Is this source already Chive's backlink to this eprint? Chive keeps one backlink per source and
// can only be asked what points at an eprint, so the answer is a search of that eprint's list,
// filtered by the source's type: a few pages at most (100 each), remembered for a while. When the
// pages run out before the list does, the answer is `unknown`: Tendril then only suggests, and never
// writes on its own (a second create would overwrite whatever that source points at now).

export type OnChive = 'present' | 'absent' | 'unknown'

export const MAX_PAGES = 3
/** How long an answer is kept (Chive's list changes only when someone creates or deletes). */
export const REMEMBER_MS = 5 * 60_000

export function createOnChive(deps: { chive: Pick<ChiveClient, 'list'>; now?: () => number; maxPages?: number }) {
  const now = deps.now ?? Date.now
  const maxPages = deps.maxPages ?? MAX_PAGES
  const remembered = new Map<string, { at: number; answer: OnChive }>()
  return {
    async check(sourceUri: string, eprintUri: string, sourceType: string): Promise<OnChive> {
      const key = `${eprintUri} ${sourceType} ${sourceUri}`
      const known = remembered.get(key)
      if (known && now() - known.at < REMEMBER_MS) return known.answer
      let cursor: string | undefined
      let answer: OnChive = 'unknown'
      for (let page = 0; page < maxPages; page++) {
        const out = await deps.chive.list(eprintUri, { sourceType, cursor, limit: 100 })
        if (out.backlinks.some((b) => b.sourceUri === sourceUri && !b.deleted)) {
          answer = 'present'
          break
        }
        if (!out.hasMore || !out.cursor) {
          answer = 'absent'
          break
        }
        cursor = out.cursor
      }
      remembered.set(key, { at: now(), answer })
      return answer
    },
    /** After Tendril itself created or deleted it. */
    forget(sourceUri: string, eprintUri: string, sourceType: string): void {
      remembered.delete(`${eprintUri} ${sourceType} ${sourceUri}`)
    },
  }
}
