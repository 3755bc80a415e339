import { useEffect, useState } from 'preact/hooks'
import { describeError } from '@/lib/errors'
import type { BacklinkTabView } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'
import { EprintBacklinksPanel } from './EprintBacklinksPanel'
import { SourceBacklinksPanel } from './SourceBacklinksPanel'
import { useActiveTabId } from './useActiveTabId'

// The popup's backlink section for the tab it was opened over: a source page's citations, or an
// eprint page's backlinks as Chive reports them; nothing elsewhere. `onKind` tells the popup which
// of these it shows; `onChanged`, that a backlink was added (the list of Tendril's own reloads).

const PUBLIC_NOTICE_SEEN = 'tendril:backlinks-public-notice-seen'

/** `loading`: not known yet (the popup holds back its "open a bud" line until it is). */
export type BacklinkSectionKind = 'loading' | 'none' | 'source' | 'eprint'

export function BacklinksPanel({ onKind, onChanged }: { onKind?(kind: BacklinkSectionKind): void; onChanged?(): void }) {
  const tabId = useActiveTabId()
  const [view, setView] = useState<BacklinkTabView | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [showPublic] = useState(() => localStorage.getItem(PUBLIC_NOTICE_SEEN) === null)

  const load = (id: number) =>
    sendToWorker({ type: 'backlinks.tab', tabId: id }).then(
      (v) => (setView(v), setError(undefined)),
      (e) => setError(describeError(e)),
    )
  useEffect(() => {
    if (typeof tabId === 'number') void load(tabId)
  }, [tabId])

  // A source page that cites nothing shows nothing.
  const settled = view !== undefined || error !== undefined || tabId === undefined
  const kind: BacklinkSectionKind = !settled ? 'loading' : !view || (view.kind === 'source' && view.source.citations.length === 0) ? 'none' : view.kind
  useEffect(() => onKind?.(kind), [kind])
  // Said once: the first time a source page's section is shown (where a backlink can be added).
  useEffect(() => {
    if (kind === 'source' && showPublic) localStorage.setItem(PUBLIC_NOTICE_SEEN, new Date().toISOString())
  }, [kind])

  if (error) {
    return (
      <p class="notice error" role="alert" data-testid="backlinks-error">
        {error}
      </p>
    )
  }
  if (!view || typeof tabId !== 'number' || kind === 'none' || kind === 'loading') return null
  if (view.kind === 'eprint') return <EprintBacklinksPanel view={view.backlinks} />
  if (view.kind !== 'source') return null
  return (
    <>
      {showPublic && (
        <p class="muted small" data-testid="backlinks-public">
          A backlink is public: Chive shows anyone, under your identity, that this page cites the eprint.
        </p>
      )}
      <SourceBacklinksPanel
        tabId={tabId}
        source={view.source}
        onChanged={() => {
          void load(tabId)
          onChanged?.()
        }}
      />
    </>
  )
}
