import { describeBacklinkOutcome } from '../backlinks/outcome-text'
import type { SourcePages } from '../backlinks/source-pages'
import { describeError, NotASourcePageError, NotCitedError } from '../errors'
import type { ResolveHandle } from '../identity/resolve-handle'
import { CHIVE_HOST, parseEprintLink } from '../sites/chive'
import type { MenusLike, Tab } from './bookmark-gestures'
import type { PageToaster } from './page-toast'

// "Add a backlink from this page", on a right-clicked link to a Chive eprint, anywhere. The page is
// the tab's address as the browser reports it (the menu click grants activeTab), the eprint is the
// link's target as the browser reports it; the backlink is created only if Tendril's own reading of
// the page's record finds that eprint cited. Otherwise the toast says why.

export const MENU_BACKLINK = 'tendril-backlink-link'
const EPRINT_PATTERNS = [`https://${CHIVE_HOST}/eprints/*`, `https://www.${CHIVE_HOST}/eprints/*`]

export function createBacklinkMenu(menus: Pick<MenusLike, 'create'>): void {
  menus.create({ id: MENU_BACKLINK, title: 'Add a backlink from this page', contexts: ['link'], targetUrlPatterns: EPRINT_PATTERNS })
}

export function createBacklinkGestures(deps: { pages: Pick<SourcePages, 'add'>; resolveHandle: ResolveHandle; toaster: PageToaster; changed?(tabId: number, url: string): void }) {
  return {
    async onMenuClicked(info: { menuItemId: string | number; linkUrl?: string }, tab?: Tab): Promise<void> {
      if (info.menuItemId !== MENU_BACKLINK) return
      let text: string
      try {
        const ref = info.linkUrl ? parseEprintLink(info.linkUrl, info.linkUrl) : undefined
        if (!ref) throw new NotCitedError()
        const eprint = ref.uri ?? `at://${await deps.resolveHandle(ref.actor)}/${ref.collection}/${ref.rkey}`
        if (!tab?.url) throw new NotASourcePageError()
        text = describeBacklinkOutcome(await deps.pages.add(tab.url, eprint)).text
        if (tab.id !== undefined) deps.changed?.(tab.id, tab.url)
      } catch (error) {
        text = describeError(error)
      }
      if (tab?.id !== undefined) await deps.toaster.show(tab.id, text)
    },
  }
}
