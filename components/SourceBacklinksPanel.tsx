import { useEffect, useState } from 'preact/hooks'
import { describeBacklinkOutcome, describeCitationState, describeSourceNotes, quoteEprint } from '@/lib/backlinks/outcome-text'
import { describeError } from '@/lib/errors'
import type { SourcePageView } from '@/lib/messages'
import type { CitationView } from '@/lib/backlinks/views'
import { sendToWorker } from '@/lib/messaging/send'
import { AutoBacklinkChoice } from './AutoBacklinkChoice'

// The popup over a source page (a Bluesky post, a WhiteWind entry, a Leaflet document): each eprint
// the worker verified it cites, where it stands on Chive, and for one not there yet a button to add
// it. Chive keeps one backlink per source, so with several offered the reader picks one: each has
// its own button, never "add all".

export function SourceBacklinksPanel({ tabId, source, onChanged }: { tabId: number; source: SourcePageView; onChanged(): void }) {
  const [said, setSaid] = useState<string | undefined>(undefined)
  const [adding, setAdding] = useState<string | undefined>(undefined)
  // Once offered, the choice stays in view after the reader makes it (the worker then stops offering it).
  const [setupShown, setSetupShown] = useState(false)
  const offerSetup = source.own && source.offerSetup
  useEffect(() => {
    if (offerSetup) setSetupShown(true)
  }, [offerSetup])

  const add = async (eprint: string) => {
    setAdding(eprint)
    try {
      setSaid(describeBacklinkOutcome(await sendToWorker({ type: 'backlinks.tabAdd', tabId, eprint })).text)
    } catch (e) {
      setSaid(describeError(e))
    } finally {
      setAdding(undefined)
    }
    onChanged()
  }

  const notes = describeSourceNotes(source, 'page')
  return (
    <section class="backlinks" data-testid="backlinks-source" aria-labelledby="backlinks-source-title">
      <h2 class="section-title" id="backlinks-source-title">
        Eprints this page cites
      </h2>
      {source.chiveNote && (
        <p class="notice" data-testid="backlinks-chive-note">
          {source.chiveNote}
        </p>
      )}
      {notes.unlisted && (
        <p class="muted small" data-testid="backlinks-unlisted">
          {notes.unlisted}
        </p>
      )}
      {notes.replaces && (
        <p class="muted small" data-testid="backlinks-replaces">
          {notes.replaces}
        </p>
      )}
      {notes.chooseOne && (
        <p class="muted small" data-testid="backlinks-choose-one">
          {notes.chooseOne}
        </p>
      )}
      {notes.signedOut && (
        <p class="muted small" data-testid="backlinks-signed-out">
          {notes.signedOut}
        </p>
      )}
      <ul class="backlink-list">
        {source.citations.map((c) => (
          <Citation key={c.eprint.uri} citation={c} canAdd={source.signedIn} busy={adding !== undefined} add={() => void add(c.eprint.uri)} />
        ))}
      </ul>
      <p class="notice" role="status" data-testid="backlinks-said">
        {said}
      </p>
      {setupShown && <AutoBacklinkChoice onChosen={onChanged} />}
    </section>
  )
}

function Citation({ citation, canAdd, busy, add }: { citation: CitationView; canAdd: boolean; busy: boolean; add(): void }) {
  return (
    <li data-testid="citation" data-state={citation.state} data-eprint={citation.eprint.uri}>
      <a href={citation.eprint.pageUrl} target="_blank" rel="noopener noreferrer">
        {quoteEprint(citation.eprint)}
      </a>
      <span class="muted small" data-testid="citation-state">
        {' · '}
        {describeCitationState(citation)}
      </span>
      {citation.state === 'offered' && canAdd && (
        <div class="row">
          <button type="button" data-testid="citation-add" disabled={busy} aria-label={`Add backlink to ${quoteEprint(citation.eprint)}`} onClick={add}>
            Add backlink
          </button>
        </div>
      )}
    </li>
  )
}
