import type { TendrilDb } from '../storage/db'

// Something the reader asked for that cannot be decided yet: a click on "Bookmark" while signed
// out. No account is known, so nothing can be written or even decided (the decision reads that
// account's bookmarks); the request is kept as an intent and, once an account signs in, handed to
// the feature that knows how to decide it (a bookmark: the same decision as a click, for that
// account). Intents are versioned like journal entries; one of a newer format is left alone.

export const INTENT_VERSION = 1

export interface Intent {
  v: typeof INTENT_VERSION
  id: string
  /** The feature that decides it, e.g. `bookmark`. */
  feature: string
  /** What the reader asked for, in words (the popup lists it). */
  label: string
  /** What the feature needs to decide it (plain data, e.g. the bud's URI and CID). */
  payload: unknown
  createdAt: number
}

/** Decides one intent for the account that just signed in (it enters its writes through the
 * journal itself). Throwing keeps the intent for the next sign-in. */
export type IntentDecider = (did: string, payload: unknown) => Promise<void>

export function createIntents(deps: { db: Promise<TendrilDb>; newId: () => string; now?: () => number }) {
  const now = deps.now ?? Date.now
  const deciders = new Map<string, IntentDecider>()
  const read = (stored: unknown): Intent | undefined => {
    const intent = stored as Partial<Intent> | undefined
    return intent?.v === INTENT_VERSION && typeof intent.id === 'string' && typeof intent.feature === 'string' ? (intent as Intent) : undefined
  }
  const intents = {
    /** Registers how `feature` decides its intents (at the worker's start). */
    register(feature: string, decide: IntentDecider): void {
      deciders.set(feature, decide)
    },
    async keep(feature: string, label: string, payload: unknown): Promise<Intent> {
      const intent: Intent = { v: INTENT_VERSION, id: deps.newId(), feature, label, payload, createdAt: now() }
      await (await deps.db).put('intents', intent)
      return intent
    },
    async list(): Promise<Intent[]> {
      return (await (await deps.db).getAll('intents')).map(read).filter((i): i is Intent => i !== undefined)
    },
    /** Removes it; true if it was there. One transaction: of two callers, exactly one gets true. */
    async discard(id: string): Promise<boolean> {
      const tx = (await deps.db).transaction('intents', 'readwrite')
      const found = await tx.store.get(id)
      if (found) await tx.store.delete(id)
      await tx.done
      return found !== undefined
    },
    /** After `did` signed in: each intent goes to its feature's decider, oldest first, and is
     * removed once decided. One whose feature is unknown (or whose decider throws) stays. */
    async decideFor(did: string): Promise<number> {
      let decided = 0
      for (const intent of (await intents.list()).sort((a, b) => a.createdAt - b.createdAt)) {
        const decide = deciders.get(intent.feature)
        if (!decide) continue
        // Taken out first, so two sign-ins at once cannot both decide it.
        if (!(await intents.discard(intent.id))) continue
        try {
          await decide(did, intent.payload)
          decided++
        } catch {
          await (await deps.db).put('intents', intent)
        }
      }
      return decided
    },
  }
  return intents
}

export type Intents = ReturnType<typeof createIntents>
