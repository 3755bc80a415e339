import { useState } from 'preact/hooks'
import { AccountPanel } from './AccountPanel'
import { BacklinksPanel, type BacklinkSectionKind } from './BacklinksPanel'
import { BookmarksPanel } from './BookmarksPanel'
import { MyBacklinksPanel } from './MyBacklinksPanel'
import { PageStateView } from './PageStateView'
import { useActiveTabState } from './useActiveTabState'
import { WritesPanel } from './WritesPanel'

export function Popup() {
  const view = useActiveTabState()
  // What the backlink section shows for this tab: over a source or an eprint page, the line saying
  // to open a Branchline bud is beside the point (and it waits until that is known, so it never
  // flashes before the backlink section).
  const [backlinkKind, setBacklinkKind] = useState<BacklinkSectionKind>('loading')
  // Bumped when a backlink is added here, so Tendril's list shows it at once.
  const [added, setAdded] = useState(0)
  return (
    <main class="popup" data-testid="popup">
      <header class="popup-header">
        <h1>Tendril</h1>
      </header>
      <AccountPanel />
      <WritesPanel />
      <hr />
      {view.status === 'loading' && <p class="muted">Looking at this tab…</p>}
      {view.status === 'failed' && (
        <p class="notice error" role="alert">
          {view.message}
        </p>
      )}
      {view.status === 'ready' && !(view.state === null && backlinkKind !== 'none') && <PageStateView state={view.state} />}
      <BacklinksPanel onKind={setBacklinkKind} onChanged={() => setAdded((n) => n + 1)} />
      <BookmarksPanel />
      <MyBacklinksPanel reloadKey={added} />
    </main>
  )
}
