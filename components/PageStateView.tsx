import type { TabState } from '@/lib/messages'
import { BudSummaryCard } from './BudSummaryCard'

/** What Tendril sees on the current tab, in words a reader understands. */
export function PageStateView({ state }: { state: TabState | null }) {
  if (!state) {
    return (
      <p class="muted" data-testid="page-none">
        Open a Branchline bud to see it here.
      </p>
    )
  }
  const { page } = state
  if (page.kind === 'bud') return <BudSummaryCard bud={page.bud} />
  if (page.kind === 'bud-missing') {
    return (
      <p class="notice" data-testid="page-missing">
        Branchline does not know this bud. It may have been deleted, or not be indexed yet.
      </p>
    )
  }
  return (
    <p class="notice error" data-testid="page-error" role="alert">
      {page.error.message}
    </p>
  )
}
