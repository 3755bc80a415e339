import type { BranchlineClient } from '../appview/branchline-client'
import { NotABudPageError } from '../errors'
import type { ResolveHandle } from '../identity/resolve-handle'
import type { PageState } from '../messages'
import { budUri, parseBudPageUrl, parseBudUri } from '../sites/branchline'

/**
 * Turns a bud page URL into what Tendril shows about it. The URL is the only input: the page's own
 * markup is never trusted, the AppView is asked for the branch and the bud views.
 */
export function createBudPageService(deps: {
  branchline: BranchlineClient
  resolveHandle: ResolveHandle
  /** Keeps what the visit read (the bud's path, CID and title; the root's CID and title) for the
   * thread cache, so a bookmark of this bud costs no further read. */
  remember?(path: string[], views: Array<{ uri: string; cid: string; title?: string }>): Promise<void>
}) {
  return {
    async describe(url: string): Promise<PageState> {
      const ref = parseBudPageUrl(url)
      if (!ref) throw new NotABudPageError(url)
      const uri = ref.uri ?? budUri(await deps.resolveHandle(ref.actor), ref.rkey)
      const branch = await deps.branchline.getBranch(uri)
      const rootUri = branch[0]
      if (!rootUri || branch[branch.length - 1] !== uri) return { kind: 'bud-missing', url }
      const views = await deps.branchline.getBuds(rootUri === uri ? [uri] : [uri, rootUri])
      const view = views.find((v) => v.uri === uri)
      const root = views.find((v) => v.uri === rootUri)
      if (!view) return { kind: 'bud-missing', url }
      await deps.remember?.(branch, views).catch(() => undefined)
      return {
        kind: 'bud',
        bud: {
          uri,
          title: view.title?.trim() || 'Untitled bud',
          position: branch.length,
          author: view.author ?? { did: parseBudUri(uri)!.did },
          story: { rootUri, title: root?.title?.trim() || 'Untitled story' },
          childCount: view.children?.length ?? 0,
          path: branch,
        },
      }
    },
  }
}

export type BudPageService = ReturnType<typeof createBudPageService>
