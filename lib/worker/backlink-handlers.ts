import type { BacklinkService } from '../backlinks/backlink-service'
import type { CreatedBacklinks } from '../backlinks/created-store'
import type { createCreatedList } from '../backlinks/created-list'
import type { createEprintBacklinks } from '../backlinks/eprint-backlinks'
import { offeredCount, type SourcePages } from '../backlinks/source-pages'
import { BacklinkNotFoundError, NotASourcePageError } from '../errors'
import type { EprintView } from '../backlinks/views'
import type { ResolveHandle } from '../identity/resolve-handle'
import { detectPage } from '../sites'
import type { Handlers } from './router'
import type { SenderInfo } from './sender'

type BacklinkHandlers = Pick<
  Handlers,
  | 'backlinks.page'
  | 'backlinks.add'
  | 'backlinks.dismiss'
  | 'backlinks.setup'
  | 'backlinks.tab'
  | 'backlinks.tabAdd'
  | 'backlinks.eprint'
  | 'backlinks.mine'
  | 'backlinks.remove'
>

// Backlink requests. The prompt's (a script the worker runs in the tab, which the router sees as a
// content script) are about its own tab's source only, whose address the
// browser reports (SenderInfo.tabUrl); the eprint a page names is a claim the worker honours only if
// its own verification of that source's record found it. The popup's name a tab, whose address the
// worker reads from the browser.

export interface BacklinkHandlerDeps {
  pages: Pick<SourcePages, 'view' | 'add' | 'dismiss'>
  eprintBacklinks: ReturnType<typeof createEprintBacklinks>
  createdList: Pick<ReturnType<typeof createCreatedList>, 'list'>
  created: Pick<CreatedBacklinks, 'get'>
  service: Pick<BacklinkService, 'remove'>
  eprints: { cached(uri: string): EprintView }
  resolveHandle: ResolveHandle
  tabUrl(tabId: number): Promise<string | undefined>
  /** Opens Tendril's own page where the reader chooses Always / Ask each time. */
  openSetup(): Promise<void>
  /** How many backlinks `tabId` (at `url`) offers: the toolbar badge. */
  suggestions?(tabId: number, url: string, count: number): void
}

export function createBacklinkHandlers(deps: BacklinkHandlerDeps): BacklinkHandlers {
  const urlOf = (sender: SenderInfo): string => {
    if (sender.tabId === undefined || !sender.tabUrl) throw new NotASourcePageError()
    return sender.tabUrl
  }
  const tabUrl = async (tabId: number) => {
    const url = await deps.tabUrl(tabId).catch(() => undefined)
    if (!url) throw new NotASourcePageError()
    return url
  }
  const tell = async (tabId: number | undefined, url: string) => {
    if (tabId === undefined || !deps.suggestions) return
    deps.suggestions(tabId, url, offeredCount(await deps.pages.view(url).catch(() => null)))
  }

  return {
    async 'backlinks.page'(_request, sender) {
      const url = urlOf(sender)
      const view = await deps.pages.view(url)
      if (sender.tabId !== undefined) deps.suggestions?.(sender.tabId, url, offeredCount(view))
      return view
    },
    async 'backlinks.add'(request, sender) {
      const url = urlOf(sender)
      const reply = await deps.pages.add(url, request.eprint)
      await tell(sender.tabId, url)
      return reply
    },
    async 'backlinks.dismiss'(request, sender) {
      const url = urlOf(sender)
      const reply = await deps.pages.dismiss(url, request.eprint)
      await tell(sender.tabId, url)
      return reply
    },
    async 'backlinks.setup'() {
      await deps.openSetup()
      return { kind: 'setup-opened' }
    },

    async 'backlinks.tab'(request) {
      const url = await deps.tabUrl(request.tabId).catch(() => undefined)
      const page = url ? detectPage(url) : undefined
      if (!url || !page) return { kind: 'none' }
      if (page.site === 'chive') {
        const uri = page.ref.uri ?? `at://${await deps.resolveHandle(page.ref.actor)}/${page.ref.collection}/${page.ref.rkey}`
        return { kind: 'eprint', backlinks: await deps.eprintBacklinks(uri) }
      }
      if (page.site === 'branchline') return { kind: 'none' }
      const source = await deps.pages.view(url)
      deps.suggestions?.(request.tabId, url, offeredCount(source))
      return source ? { kind: 'source', source } : { kind: 'none' }
    },
    async 'backlinks.tabAdd'(request) {
      const url = await tabUrl(request.tabId)
      const reply = await deps.pages.add(url, request.eprint)
      await tell(request.tabId, url)
      return reply
    },
    'backlinks.eprint': (request) => deps.eprintBacklinks(request.eprint, request.cursor),
    'backlinks.mine': () => deps.createdList.list(),
    async 'backlinks.remove'(request) {
      const row = await deps.created.get(request.did, request.sourceUri)
      if (!row) throw new BacklinkNotFoundError()
      const eprint = { ...deps.eprints.cached(row.eprint), ...(row.eprintTitle ? { title: row.eprintTitle } : {}) }
      const outcome = await deps.service.remove(row.did, row.sourceUri, row.eprint, row.sourceType, `Remove the backlink to “${eprint.title}” from Chive`)
      return outcome.kind === 'removed' ? { kind: 'removed', eprint } : { kind: 'points-elsewhere', eprint }
    },
  }
}
