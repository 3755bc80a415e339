import type { BudMark } from '@/lib/messages'

// The control beside a bud on a Branchline page (drawn by lib/bookmarks/page-controls.ts through
// the in-page shell). A toggle button: its name says what a click does, `aria-pressed` says
// whether this bud is the bookmarked one.
export function BudBookmarkControl(props: { mark: BudMark; busy: boolean; onActivate(event: MouseEvent): void }) {
  const { mark } = props
  const pressed = mark.state === 'bookmarked'
  const label = pressed ? 'Bookmarked' : mark.state === 'elsewhere' ? 'Move bookmark here' : 'Bookmark'
  const hint = pressed
    ? 'Tendril: this bud is bookmarked. Click to remove the bookmark.'
    : mark.state === 'elsewhere'
      ? `Tendril: this thread’s bookmark is at bud ${mark.bookmarkAt}. Click to move it here.`
      : 'Tendril: bookmark this bud.'
  return (
    <button type="button" class="bookmark" aria-pressed={pressed ? 'true' : 'false'} aria-busy={props.busy ? 'true' : 'false'} title={hint} onClick={(e) => props.onActivate(e)}>
      <span aria-hidden="true">{pressed ? '★ ' : '☆ '}</span>
      {label}
      {mark.state === 'elsewhere' && <span class="note">(now at bud {mark.bookmarkAt})</span>}
    </button>
  )
}
