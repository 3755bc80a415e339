import type { Intents } from '../writes/intent'
import { BOOKMARK_FEATURE } from './bookmark-service'

// A bookmark asked for while nobody is signed in (a page's control, the menu, the command): there
// is no account to decide it for, so it is kept as an intent and Tendril's own sign-in is opened
// (a page can never start one). The account that signs in next gets it decided as a click would.

/** What the intent carries: enough to decide it after sign-in. */
export interface BookmarkIntent {
  path: string[]
  title: string
}

export async function keepUntilSignIn(deps: { intents: Pick<Intents, 'keep'>; openSignIn(): Promise<void> }, path: string[], title: string): Promise<void> {
  await deps.intents.keep(BOOKMARK_FEATURE, `Bookmark “${title}”`, { path, title } satisfies BookmarkIntent)
  await deps.openSignIn().catch(() => undefined)
}
