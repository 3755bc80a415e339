import { useEffect, useState } from 'preact/hooks'
import { describeError } from '@/lib/errors'
import type { WriteView } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'

// What Tendril has not saved yet: writes still being sent (with why they wait) and writes that
// stopped (with the reason), each with Retry and Discard. Nothing shows when everything is saved.

const STATUS_WORDS: Record<WriteView['status'], string> = {
  pending: 'Saving…',
  waiting: 'Waiting for you to sign in again as this account.',
  failed: 'Not saved.',
  conflict: 'Not saved: the record changed elsewhere.',
}

export function WritesPanel() {
  const [writes, setWrites] = useState<WriteView[] | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)

  const run = (request: Parameters<typeof sendToWorker>[0] & { type: 'writes.list' | 'writes.retry' | 'writes.discard' }) =>
    sendToWorker(request).then(
      (list) => (setWrites(list), setError(undefined)),
      (e) => setError(describeError(e)),
    )

  useEffect(() => {
    void run({ type: 'writes.list' })
    // Pending writes settle on their own: look again while the popup is open.
    const timer = setInterval(() => void run({ type: 'writes.list' }), 2000)
    return () => clearInterval(timer)
  }, [])

  if (!writes?.length && !error) return null
  return (
    <section class="card" data-testid="writes" aria-label="Changes not saved yet">
      <p class="card-title">Not saved yet</p>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <ul class="writes">
        {writes?.map((w) => (
          <li data-testid="write" data-status={w.status} key={w.id}>
            <p>{w.label}</p>
            <p class="muted small" data-testid="write-status">
              {w.did === ''
                ? // Asked for while signed out: no account yet (lib/writes/intent.ts).
                  'Kept until you sign in: it will be saved to the account you sign in with.'
                : `${STATUS_WORDS[w.status]} ${w.status !== 'pending' || w.attempts > 0 ? (w.error?.message ?? '') : ''}`}
            </p>
            <div class="row">
              {w.status !== 'waiting' && (
                <button type="button" data-testid="write-retry" onClick={() => void run({ type: 'writes.retry', id: w.id })}>
                  Retry now
                </button>
              )}
              <button type="button" class="link" data-testid="write-discard" onClick={() => void run({ type: 'writes.discard', id: w.id })}>
                Discard
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  )
}
