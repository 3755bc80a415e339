import type { BudSummary } from '@/lib/messages'

/** One bud as the popup shows it: title, author, and where it sits in its story. */
export function BudSummaryCard({ bud }: { bud: BudSummary }) {
  const author = bud.author.displayName || (bud.author.handle ? `@${bud.author.handle}` : bud.author.did)
  return (
    <article class="card" data-testid="bud-summary" data-bud-uri={bud.uri}>
      <h2 class="card-title">{bud.title}</h2>
      <p class="muted">
        by {author} · bud {bud.position} of “{bud.story.title}”
      </p>
      <p class="muted">
        {bud.childCount === 0 ? 'No one has continued this bud yet.' : `${bud.childCount} ${bud.childCount === 1 ? 'branch continues' : 'branches continue'} from here.`}
      </p>
    </article>
  )
}
