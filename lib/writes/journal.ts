import type { TendrilDb } from '../storage/db'
import type { TendrilXrpc } from '../xrpc/tendril-xrpc'
import { backoffDelay } from './backoff'
import { ENTRY_VERSION, readEntry, recordKey, type WriteEntry, type WriteOp } from './entry'
import { perform, type Attempt, type CallService, type WriteError } from './perform'

// The one write path. A feature decides what to write inside `decide` (under the account's lock)
// and the journal enters it in IndexedDB before anything is sent; `drain` sends what is due, one
// account's writes in order, and removes an entry only once its server confirmed it. A worker
// stopped at any point loses nothing: the next drain (a message, the alarm, a browser start) finds
// the entry, and perform() checks before resending whatever may have landed.

/** Runs `fn` holding the lock `name`, across every context of the extension (navigator.locks in
 * the worker; a mutex per name in Node tests). */
export type LockFn = <T>(name: string, fn: () => Promise<T>) => T | PromiseLike<T>

export interface JournalDeps {
  db: Promise<TendrilDb>
  /** The XRPC client of `did`'s own session; throws Unauthorized / SessionExpired when there is none. */
  clientFor(did: string): Promise<TendrilXrpc>
  /** The service caller (Chive) of `did` (lib/writes/service-call.ts). */
  callServiceFor?(did: string): CallService
  lock: LockFn
  /** Asks to be woken at epoch ms `at` to drain again (browser.alarms), or cancels with null. */
  wakeAt(at: number | null): void
  now?: () => number
  random?: () => number
  newId: () => string
  /** Longest wait for one answer before it counts as "no answer". */
  answerTimeoutMs?: number
  /** Something in the journal changed (badge, popup). */
  changed?: () => void
  /** A write its server confirmed, with the server's answer, told before the entry leaves the
   * journal (a feature's mirror of its records is updated from the answer, with no read; a
   * decision in between sees the write in both, which is the same). */
  applied?: (entry: WriteEntry, outcome: Extract<Attempt, { kind: 'done' }>) => Promise<void>
  /** A write that found its record changed elsewhere (kept as a conflict): its feature may read
   * again and decide once more (WriteEntry.redecide), then discard this entry. */
  conflicted?: (entry: WriteEntry) => void
}

/** What a feature asks to write: the op, who decided it and how the popup names it. */
export interface WriteRequest {
  feature: string
  label: string
  op: WriteOp
  /** How to decide again after a conflict (WriteEntry.redecide). */
  redecide?: unknown
}

/** A settled entry: done (with the server's answer) or stopped. */
export type Settled = { id: string; outcome: Attempt }

const ANSWER_TIMEOUT_MS = 30_000
/** How soon a run that was cut short (the worker stopped) is resumed. Chromium documents a 30 s
 * minimum for a packed extension's alarms, so there it is 30 s. */
export const RESUME_AFTER_MS = 5_000

/** A write paused until its account signs in again. */
export const waitsForSignIn = (entry: WriteEntry) => entry.error?.code === 'SessionExpired' || entry.error?.code === 'Unauthorized'

export function createJournal(deps: JournalDeps) {
  const now = deps.now ?? Date.now
  const random = deps.random ?? Math.random
  const timeout = deps.answerTimeoutMs ?? ANSWER_TIMEOUT_MS
  /** Per account: the drain running now, and whether another was asked for meanwhile. */
  const draining = new Map<string, Promise<void>>()
  const again = new Set<string>()
  const settledListeners = new Set<(settled: Settled) => void>()

  async function entriesOf(did?: string): Promise<WriteEntry[]> {
    const db = await deps.db
    const stored = did ? await db.getAllFromIndex('writes', 'by-did', did) : await db.getAll('writes')
    return stored.map(readEntry).filter((e): e is WriteEntry => e !== undefined).sort((a, b) => (a.id < b.id ? -1 : 1))
  }

  async function put(entry: WriteEntry): Promise<void> {
    await (await deps.db).put('writes', entry)
  }

  async function settle(entry: WriteEntry, outcome: Attempt): Promise<void> {
    const db = await deps.db
    if (outcome.kind === 'done') {
      await deps.applied?.(entry, outcome).catch(() => undefined)
      await db.delete('writes', entry.id)
    }
    // Discarded by the reader while it was being sent: it stays gone, whatever the answer was.
    else if (!(await db.get('writes', entry.id))) return
    else if (outcome.kind === 'retry') {
      const delay = Math.max(backoffDelay(entry.attempts, random), outcome.retryAfterMs ?? 0)
      await put({ ...entry, nextAttemptAt: now() + delay, error: outcome.error })
    } else if (outcome.kind === 'paused') await put({ ...entry, error: outcome.error })
    else {
      await put({ ...entry, status: outcome.kind === 'failed' ? 'failed' : 'conflict', error: outcome.error })
      if (outcome.kind === 'conflict' && entry.redecide !== undefined) deps.conflicted?.(entry)
    }
    if (outcome.kind !== 'retry' && outcome.kind !== 'paused') for (const listen of settledListeners) listen({ id: entry.id, outcome })
  }

  /** Sends `did`'s due entries in order; stops at the first that has to wait for its account. */
  async function drainAccount(did: string): Promise<void> {
    const entries = await entriesOf(did)
    const waiting = new Set<string>() // records with an earlier entry not yet settled
    for (const listed of entries) {
      // Read again: the reader may have discarded or retried it since the list was read.
      const entry = readEntry(await (await deps.db).get('writes', listed.id))
      if (!entry || entry.status !== 'pending') continue
      const key = recordKey(entry.op)
      if (waiting.has(key) || entry.nextAttemptAt > now()) {
        waiting.add(key)
        continue
      }
      let client: TendrilXrpc
      try {
        client = await deps.clientFor(did)
      } catch (error) {
        // No session for the account (signed out, expired) or its PDS unreachable: every write of
        // the account waits, the first with a backoff, the others untouched.
        const outcome = classifyClientError(error)
        if (outcome.kind === 'paused') return pauseAccount(entries, outcome.error)
        return deferAccount(entries, outcome.error)
      }
      // Write-ahead: once this is stored, a worker stopped mid-request still knows to check.
      const sending: WriteEntry = { ...entry, attempts: entry.attempts + 1, maybeLanded: true }
      await put(sending)
      const abort = new AbortController()
      const timer = setTimeout(() => abort.abort(), timeout)
      let outcome: Attempt
      try {
        outcome = await perform(entry, { client, callService: deps.callServiceFor?.(did), now, signal: abort.signal })
      } finally {
        clearTimeout(timer)
      }
      // perform() saw the entry as it was (maybeLanded from earlier attempts); what is stored next
      // says whether this attempt may have landed.
      await settle({ ...sending, maybeLanded: outcome.kind === 'retry' ? outcome.maybeLanded || entry.maybeLanded : false }, outcome)
      if (outcome.kind === 'paused') return pauseAccount(entries, outcome.error)
      if (outcome.kind === 'retry') waiting.add(key)
    }
  }

  /** Marks every pending write of an account as waiting for that account to sign in again: no
   * wake is scheduled for them; signing in drains them (the worker calls drain(did)). */
  async function pauseAccount(entries: WriteEntry[], error: WriteError): Promise<void> {
    const db = await deps.db
    for (const entry of entries) {
      if (entry.status !== 'pending') continue
      const current = readEntry(await db.get('writes', entry.id))
      if (current) await put({ ...current, error })
    }
  }

  /** The account's session could not be restored for now (its server unreachable): every pending
   * write of the account waits one backoff step, counted on the account's most-tried write. */
  async function deferAccount(entries: WriteEntry[], error: WriteError): Promise<void> {
    const db = await deps.db
    const current = await Promise.all(entries.map(async (e) => readEntry(await db.get('writes', e.id))))
    const pending = current.filter((e): e is WriteEntry => e?.status === 'pending')
    const steps = Math.max(0, ...pending.map((e) => e.attempts)) + 1
    const at = now() + backoffDelay(steps, random)
    for (const entry of pending) await put({ ...entry, attempts: entry === pending[0] ? entry.attempts + 1 : entry.attempts, nextAttemptAt: Math.max(entry.nextAttemptAt, at), error })
  }

  function classifyClientError(error: unknown): { kind: 'paused' | 'retry'; error: WriteError } {
    const code = (error as { code?: unknown }).code
    const message = error instanceof Error ? error.message : String(error)
    if (code === 'Unauthorized' || code === 'SessionExpired') return { kind: 'paused', error: { code, message } }
    return { kind: 'retry', error: { code: typeof code === 'string' ? code : 'Internal', message } }
  }

  async function scheduleWake(): Promise<void> {
    const pending = (await entriesOf()).filter((e) => e.status === 'pending' && !waitsForSignIn(e))
    deps.wakeAt(pending.length ? Math.min(...pending.map((e) => e.nextAttemptAt)) : null)
  }

  const journal = {
    /**
     * Decides and enters writes for `did`, holding the account's lock, so two tabs or a double
     * click decide one after the other, each seeing what the other entered. `decideWith` gets the
     * account's unsettled entries and returns the writes to enter (possibly none) and its answer.
     * Sending starts afterwards, outside the lock.
     */
    async decide<T>(did: string, decideWith: (unsettled: WriteEntry[]) => Promise<{ writes: WriteRequest[]; answer: T }>): Promise<{ entries: WriteEntry[]; answer: T }> {
      const result = await deps.lock(`tendril:writes:${did}`, async () => {
        const { writes, answer } = await decideWith(await entriesOf(did))
        const entries = writes.map(
          (w): WriteEntry => ({
            v: ENTRY_VERSION,
            id: deps.newId(),
            did,
            feature: w.feature,
            label: w.label,
            op: w.op,
            ...(w.redecide === undefined ? {} : { redecide: w.redecide }),
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now(),
            maybeLanded: false,
            createdAt: now(),
          }),
        )
        const db = await deps.db
        const tx = db.transaction('writes', 'readwrite')
        for (const entry of entries) await tx.store.put(entry)
        await tx.done
        return { entries, answer }
      })
      if (result.entries.length) {
        deps.changed?.()
        void journal.drain(did)
      }
      return result
    },

    /** Sends every due write of `did` (or of every account). Concurrent calls share one run per
     * account; a call during a run makes it go round once more. */
    async drain(did?: string): Promise<void> {
      const all = await entriesOf()
      // A worker stopped in the middle of this run would leave its writes unsent until something
      // woke it: ask to be woken soon, whatever happens; the end of the run sets the real time.
      if (all.some((e) => e.status === 'pending')) deps.wakeAt(now() + RESUME_AFTER_MS)
      const dids = did ? [did] : [...new Set(all.map((e) => e.did))]
      await Promise.all(
        dids.map((d) => {
          const running = draining.get(d)
          if (running) {
            again.add(d)
            return running
          }
          const run = (async () => {
            do {
              again.delete(d)
              await drainAccount(d)
            } while (again.has(d))
          })().finally(() => draining.delete(d))
          draining.set(d, run)
          return run
        }),
      )
      await scheduleWake()
      deps.changed?.()
    },

    /** Resolves when entry `id` is done or stopped (failed, conflict): what the UI waits for. */
    whenSettled(id: string): Promise<Attempt> {
      return new Promise((resolve) => {
        const listen = (settled: Settled) => {
          if (settled.id !== id) return
          settledListeners.delete(listen)
          resolve(settled.outcome)
        }
        settledListeners.add(listen)
      })
    },

    /** Every entry this version can read, oldest first (of one account, or all). */
    list: entriesOf,

    /** Sends a failed or waiting entry again now. */
    async retry(id: string): Promise<void> {
      const entry = readEntry(await (await deps.db).get('writes', id))
      if (!entry) return
      await put({ ...entry, status: 'pending', nextAttemptAt: now(), error: undefined })
      await journal.drain(entry.did)
    },

    /** Drops an entry the reader gave up on. */
    async discard(id: string): Promise<void> {
      await (await deps.db).delete('writes', id)
      await scheduleWake()
      deps.changed?.()
    },

    /** Drops every entry of an account (after the reader agreed, when signing out). */
    async discardAccount(did: string): Promise<number> {
      const entries = await entriesOf(did)
      const db = await deps.db
      for (const entry of entries) await db.delete('writes', entry.id)
      await scheduleWake()
      deps.changed?.()
      return entries.length
    },
  }
  return journal
}

export type Journal = ReturnType<typeof createJournal>
export type { WriteError }
