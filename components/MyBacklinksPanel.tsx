import { useEffect, useState } from 'preact/hooks'
import { describeBacklinkOutcome, describeSourceType, quoteEprint } from '@/lib/backlinks/outcome-text'
import { describeError } from '@/lib/errors'
import type { CreatedBacklinkView } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'

// The backlinks Tendril created, newest first, each removable (the worker removes one only while
// Chive still shows the source pointing at that eprint). In the popup (only when there are some) and
// on the options page. `reloadKey`: changed by the popup when it added one, to list it at once.

export function MyBacklinksPanel({ showEmpty = false, reloadKey = 0 }: { showEmpty?: boolean; reloadKey?: number }) {
  const [list, setList] = useState<CreatedBacklinkView[] | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [said, setSaid] = useState<string | undefined>(undefined)
  const [removing, setRemoving] = useState<string | undefined>(undefined)

  const load = () =>
    sendToWorker({ type: 'backlinks.mine' }).then(
      (l) => (setList(l), setError(undefined)),
      (e) => setError(describeError(e)),
    )
  // Below the fold of the popup: asked for once what the popup opened for (the tab, the bookmarks)
  // has been drawn, so it does not compete with them for the worker.
  useEffect(() => {
    const idle = requestIdleCallback(() => void load(), { timeout: 500 })
    return () => cancelIdleCallback(idle)
  }, [reloadKey])
  // Ones still being sent settle on their own: look again while this is open.
  const sending = list?.some((b) => b.sending) === true
  useEffect(() => {
    if (!sending) return
    const timer = setInterval(() => void load(), 2500)
    return () => clearInterval(timer)
  }, [sending])

  const remove = async (b: CreatedBacklinkView) => {
    setRemoving(b.sourceUri)
    try {
      setSaid(describeBacklinkOutcome(await sendToWorker({ type: 'backlinks.remove', did: b.did, sourceUri: b.sourceUri })).text)
    } catch (e) {
      setSaid(describeError(e))
    } finally {
      setRemoving(undefined)
    }
    await load()
  }

  const empty = list !== undefined && list.length === 0
  if (!showEmpty && empty && !error && !said) return null
  if (list === undefined && !error) return null
  return (
    <section class="my-backlinks" data-testid="my-backlinks" aria-labelledby="my-backlinks-title">
      <h2 class="section-title" id="my-backlinks-title">
        Backlinks Tendril created
      </h2>
      <p class="notice" role="status" data-testid="my-backlinks-said">
        {said}
      </p>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      {empty && <p class="muted small">Tendril has not created any backlinks yet.</p>}
      {list && list.length > 0 && (
        <ul class="backlink-list">
          {list.map((b) => (
            <Item key={`${b.did} ${b.sourceUri}`} item={b} busy={removing === b.sourceUri} remove={() => void remove(b)} />
          ))}
        </ul>
      )}
    </section>
  )
}

function Item({ item, busy, remove }: { item: CreatedBacklinkView; busy: boolean; remove(): void }) {
  const source = describeSourceType(item.sourceType)
  return (
    <li data-testid="my-backlink" data-sending={item.sending ? 'true' : 'false'}>
      {item.sourceUrl ? (
        <a href={item.sourceUrl} target="_blank" rel="noopener noreferrer">
          {source}
        </a>
      ) : (
        <span title={item.sourceUri}>{source}</span>
      )}{' '}
      cites{' '}
      <a href={item.eprint.pageUrl} target="_blank" rel="noopener noreferrer">
        {quoteEprint(item.eprint)}
      </a>
      <span class="muted small">
        {' · '}
        <time dateTime={item.createdAt}>{shortDate(item.createdAt)}</time>
        {item.automatic && <span data-testid="my-backlink-automatic"> · automatic</span>}
        {item.sending && <span data-testid="my-backlink-sending"> · sending…</span>}
      </span>{' '}
      <button
        type="button"
        class="link"
        data-testid="my-backlink-remove"
        disabled={busy}
        aria-label={`Remove the backlink from this ${source} to ${quoteEprint(item.eprint)}`}
        onClick={remove}
      >
        Remove
      </button>
    </li>
  )
}

function shortDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}
