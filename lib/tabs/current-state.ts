import type { TabState } from '../messages'
import { withoutFragment, type TabFollower } from './tab-follower'
import type { TabStateStore } from './tab-state-store'

/** What Tendril shows for a tab now at `url` (the browser's word): the stored description if it is
 * of that address, else a fresh one (the follower settles and reuses descriptions). */
export async function currentTabState(
  deps: { tabs: Pick<TabStateStore, 'get'>; follower: Pick<TabFollower, 'follow'> },
  tabId: number,
  url: string,
): Promise<TabState | null> {
  const stored = await deps.tabs.get(tabId)
  return stored && withoutFragment(stored.url) === withoutFragment(url) ? stored : deps.follower.follow(tabId, url)
}
