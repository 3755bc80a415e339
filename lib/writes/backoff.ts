// When to try a write again. Transient failures (no answer, 5xx) back off exponentially with full
// jitter, so many waiting writes (or many readers after one outage) do not come back at once; a 429
// or 503 that says `Retry-After` is waited out exactly. Nothing here gives up: a reader offline for
// a day still gets their writes sent; only errors that can never succeed stop a write.

export const FIRST_DELAY_MS = 2_000
export const MAX_DELAY_MS = 10 * 60_000
/** A server asking for more than this is capped: the reader can always retry by hand. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000

/** Delay before attempt `attempts + 1`, after `attempts` failed ones (≥ 1). `random` in [0, 1). */
export function backoffDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1))
  // Full jitter, but never less than half the step: a retry storm is avoided, and a write is never
  // retried at once after a failure.
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Milliseconds a `Retry-After` header asks to wait (seconds or an HTTP date), or undefined when
 * absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined
  const value = header.trim()
  let ms: number
  if (/^\d+$/.test(value)) ms = Number(value) * 1000
  else {
    const at = Date.parse(value)
    if (Number.isNaN(at)) return undefined
    ms = at - now
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms))
}
