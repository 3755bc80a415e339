import { AccountPanel } from './AccountPanel'
import { BookmarksPanel } from './BookmarksPanel'
import { PageStateView } from './PageStateView'
import { useActiveTabState } from './useActiveTabState'
import { WritesPanel } from './WritesPanel'

export function Popup() {
  const view = useActiveTabState()
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
      {view.status === 'ready' && <PageStateView state={view.state} />}
      <BookmarksPanel />
    </main>
  )
}
