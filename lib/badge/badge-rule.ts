import type { PageState } from '../messages'

// The one rule for the toolbar button of a tab: its badge and title, from everything Tendril knows
// about that tab. One precedence, highest first:
//
//   1. failed writes      — something the reader asked for could not be saved: they must act, on
//                           any tab (the count is the active account's, not the page's);
//   2. suggestions        — backlinks Tendril verified and could create from this page;
//   3. this bud           — bookmarked or not, gone, or edited since it was bookmarked;
//   4. nothing            — the page is not one Tendril acts on (the title still says what it saw).
//
// A lower fact never hides a higher one, and the title always names what the badge stands for, so
// the popup is never a surprise. Page text (a bud or story title) only ever appears quoted inside
// the title, after Tendril's own words, never as the badge.

export type BookmarkFact = 'bookmarked' | 'not-bookmarked' | 'gone' | 'edited'

export interface BadgeFacts {
  /** Writes of the active account that stopped with a reason (the journal's failed entries). */
  failedWrites: number
  /** Verified backlink suggestions waiting on this tab. */
  suggestions: number
  /** The bookmark state of the bud this tab shows, when it shows one and it is known. */
  bookmark?: BookmarkFact
  /** What the tab shows, as the worker derived it from the tab's URL; null when nothing. */
  page: PageState | null
}

export type BadgeTone = 'alert' | 'info' | 'done' | 'none'

export interface Badge {
  /** At most 4 characters (what Chromium shows). */
  text: string
  tone: BadgeTone
  title: string
}

/** Badge background colours by tone, each with white text at ≥ 4.5:1 contrast. */
export const TONE_COLORS: Record<Exclude<BadgeTone, 'none'>, string> = {
  alert: '#b3261e',
  info: '#1f5fbf',
  done: '#1b6e3a',
}

const count = (n: number) => (n > 99 ? '99+' : String(n))
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export function decideBadge(facts: BadgeFacts): Badge {
  if (facts.failedWrites > 0) {
    return {
      text: '!',
      tone: 'alert',
      title: `Tendril — ${plural(facts.failedWrites, 'write', 'writes')} could not be saved. Open Tendril to retry or discard.`,
    }
  }
  if (facts.suggestions > 0) {
    return {
      text: count(facts.suggestions),
      tone: 'info',
      title: `Tendril — ${plural(facts.suggestions, 'backlink', 'backlinks')} to Chive suggested for this page.`,
    }
  }
  const page = facts.page
  if (facts.bookmark === 'gone') {
    return { text: '', tone: 'none', title: 'Tendril — the bud you bookmarked here is gone. Open Tendril to remove the bookmark.' }
  }
  if (page?.kind === 'bud') {
    const bud = `“${page.bud.title}” (bud ${page.bud.position} of “${page.bud.story.title}”)`
    if (facts.bookmark === 'bookmarked') return { text: '★', tone: 'done', title: `Tendril — bookmarked: ${bud}` }
    if (facts.bookmark === 'edited') return { text: '★', tone: 'done', title: `Tendril — bookmarked, and edited since: ${bud}` }
    return { text: 'bud', tone: 'info', title: `Tendril — ${bud}` }
  }
  if (page?.kind === 'bud-missing') return { text: '', tone: 'none', title: 'Tendril — this bud is not on Branchline (yet)' }
  if (page?.kind === 'error') return { text: '', tone: 'none', title: `Tendril — ${page.error.message}` }
  return { text: '', tone: 'none', title: 'Tendril' }
}
