import { describeSourceNotes } from '@/lib/backlinks/outcome-text'
import type { CitationView, SourcePageView } from '@/lib/backlinks/views'

// The backlink suggestion on a source page (drawn by lib/backlinks/page-prompt.ts through the
// in-page shell, in a closed shadow root). Every title shown was read from the eprint's own record
// by the worker; nothing here comes from the page. Buttons act only through the shell's guard.

const NOUN: Record<SourcePageView['site'], string> = { bluesky: 'post', whitewind: 'blog entry', leaflet: 'document' }

export interface BacklinkPromptProps {
  view: SourcePageView
  busy: boolean
  /** The (guarded) click handler for adding `eprint`. */
  onAdd(eprint: string): (event: MouseEvent) => void
  onDismiss(event: MouseEvent): void
  onSetup(event: MouseEvent): void
  onClose(): void
}

export function BacklinkPrompt(props: BacklinkPromptProps) {
  const { view } = props
  const offered = view.citations.filter((c) => c.state === 'offered')
  const shown = view.citations.filter((c) => c.state === 'offered' || c.automatic)
  const own = view.own ? 'your' : 'this'
  const notes = describeSourceNotes(view, NOUN[view.site])
  return (
    <section class="prompt t" role="region" aria-label="Tendril: backlinks to Chive">
      <div class="head">
        <p class="lead">
          Tendril checked {own} {NOUN[view.site]}’s record: it links {shown.length === 1 ? 'an eprint' : `${shown.length} eprints`} on Chive.
        </p>
        <button type="button" class="close" aria-label="Close for now" onClick={() => props.onClose()}>
          ×
        </button>
      </div>
      <ul>
        {shown.map((c) => (
          <Item key={c.eprint.uri} citation={c} firstOwn={view.offerSetup} busy={props.busy} onAdd={props.onAdd} />
        ))}
      </ul>
      {[notes.replaces, notes.chooseOne, notes.unlisted, notes.signedOut].map(
        (note) =>
          note && (
            <p class="note" key={note}>
              {note}
            </p>
          ),
      )}
      {view.chiveNote && <p class="note">{view.chiveNote}</p>}
      <div class="actions">
        {view.offerSetup && (
          <button type="button" class="setup" onClick={(e) => props.onSetup(e)}>
            Set up automatic backlinks…
          </button>
        )}
        {offered.length > 0 && (
          <button type="button" class="dismiss" onClick={(e) => props.onDismiss(e)}>
            Not now
          </button>
        )}
      </div>
    </section>
  )
}

function Item(props: { citation: CitationView; firstOwn: boolean; busy: boolean; onAdd(eprint: string): (event: MouseEvent) => void }) {
  const { citation } = props
  if (citation.state !== 'offered') {
    return (
      <li>
        <span class="title">“{citation.eprint.title}”</span>
        <span class="state">{citation.automatic ? 'Backlink added on Chive automatically (undo it from Tendril’s popup).' : 'Backlink added.'}</span>
      </li>
    )
  }
  const label = props.firstOwn ? 'Add this one' : `Add a backlink to “${citation.eprint.title}” on Chive`
  return (
    <li>
      {props.firstOwn && <span class="title">“{citation.eprint.title}”</span>}
      <button type="button" class="add" aria-busy={props.busy ? 'true' : 'false'} onClick={props.onAdd(citation.eprint.uri)}>
        {label}
      </button>
    </li>
  )
}
