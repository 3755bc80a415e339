import { useEffect, useState } from 'preact/hooks'
import { describeSourceType, quoteEprint } from '@/lib/backlinks/outcome-text'
import type { ChiveBacklinkView } from '@/lib/backlinks/views'
import { describeError } from '@/lib/errors'
import type { EprintBacklinksView } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'

// The popup over an eprint page on Chive: what Chive reports about the pages that cite it, labelled
// as Chive's (Tendril has not checked these), with the ones Tendril created for the reader marked.

const COUNT_WORDS: [keyof EprintBacklinksView['counts'], string][] = [
  ['blueskyPosts', 'Bluesky posts'],
  ['blueskyEmbeds', 'Bluesky embeds'],
  ['whitewindBlogs', 'WhiteWind'],
  ['leafletLists', 'Leaflet'],
  ['cosmikCollections', 'Semble collections'],
  ['other', 'Other'],
  ['total', 'Total'],
]

export function EprintBacklinksPanel({ view }: { view: EprintBacklinksView }) {
  const [backlinks, setBacklinks] = useState<ChiveBacklinkView[]>(view.backlinks)
  const [cursor, setCursor] = useState<string | undefined>(view.cursor)
  const [more, setMore] = useState<{ loading: boolean; error?: string }>({ loading: false })
  // A fresh view (the popup asked again) starts the list over.
  useEffect(() => {
    setBacklinks(view.backlinks)
    setCursor(view.cursor)
    setMore({ loading: false })
  }, [view])

  const loadMore = async () => {
    if (!cursor) return
    setMore({ loading: true })
    try {
      const next = await sendToWorker({ type: 'backlinks.eprint', eprint: view.eprint.uri, cursor })
      // Chive's pages may overlap when a backlink arrives between two asks: each source once.
      setBacklinks((shown) => [...shown, ...next.backlinks.filter((b) => !shown.some((s) => s.sourceUri === b.sourceUri))])
      setCursor(next.cursor)
      setMore({ loading: false, error: next.error })
    } catch (e) {
      setMore({ loading: false, error: describeError(e) })
    }
  }

  return (
    <section class="backlinks" data-testid="backlinks-eprint" aria-labelledby="backlinks-eprint-title">
      <h2 class="section-title" id="backlinks-eprint-title">
        What Chive reports
      </h2>
      <p class="muted small">
        Pages that cite {quoteEprint(view.eprint)}, as Chive counts and lists them. These are Chive’s numbers: Tendril has not checked them.
      </p>
      {view.error && (
        <p class="notice error" role="alert" data-testid="backlinks-eprint-error">
          {view.error}
        </p>
      )}
      <dl class="backlink-counts" data-testid="backlink-counts">
        {COUNT_WORDS.map(([key, words]) => (
          <div key={key} data-count={key} class={key === 'total' ? 'total' : undefined}>
            <dt>{words}</dt>
            <dd>{view.counts[key]}</dd>
          </div>
        ))}
      </dl>
      {backlinks.length === 0 && !view.error && <p class="muted small">Chive lists no backlinks for this eprint.</p>}
      {backlinks.length > 0 && (
        <ul class="backlink-list">
          {backlinks.map((b) => (
            <Backlink key={b.sourceUri} backlink={b} />
          ))}
        </ul>
      )}
      {more.error && (
        <p class="notice error" role="alert">
          {more.error}
        </p>
      )}
      {cursor && (
        <div class="row">
          <button type="button" data-testid="backlinks-more" disabled={more.loading} onClick={() => void loadMore()}>
            {more.loading ? 'Loading…' : 'More'}
          </button>
        </div>
      )}
    </section>
  )
}

function Backlink({ backlink }: { backlink: ChiveBacklinkView }) {
  const name = backlink.title?.trim() || backlink.sourceUri
  const nameClass = backlink.title?.trim() ? undefined : 'mono small'
  return (
    <li data-testid="chive-backlink" data-mine={backlink.mine ? 'true' : 'false'}>
      {backlink.sourceUrl ? (
        <a href={backlink.sourceUrl} target="_blank" rel="noopener noreferrer" class={nameClass}>
          {name}
        </a>
      ) : (
        <span class={nameClass}>{name}</span>
      )}
      <span class="muted small">
        {' · '}
        {describeSourceType(backlink.sourceType)}
        {backlink.mine && <span data-testid="chive-backlink-mine"> · created by you with Tendril</span>}
      </span>
      {backlink.context && <p class="excerpt small">{backlink.context}</p>}
    </li>
  )
}
