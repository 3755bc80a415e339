import { AppViewInvalidResponseError, AppViewUnavailableError } from '../errors'
import type * as GetBranch from '../lexicons/generated/types/ink/branchline/getBranch'
import type * as GetBuds from '../lexicons/generated/types/ink/branchline/getBuds'
import { assertXrpcOutput } from './xrpc-output'

// Branchline's public AppView: ink.branchline.getBranch and getBuds, no auth. Unknown buds are not
// errors there: getBranch answers `{buds: []}` and getBuds leaves them out (StoryTree
// src/queries/branch.server.ts), so "not found" is an empty answer here too.

export type BudView = GetBuds.BudView

/** getBuds accepts at most this many URIs per request. */
export const GET_BUDS_LIMIT = 25
const SERVICE = 'Branchline'

export interface BranchlineClient {
  /** Root→bud AT-URIs in story order; empty when the AppView does not know the bud. */
  getBranch(budUri: string): Promise<string[]>
  /** Views of the known buds among `uris` (unknown ones are left out), in chunks of 25. */
  getBuds(uris: string[]): Promise<BudView[]>
}

export function createBranchlineClient(deps: { baseUrl: string; fetch?: typeof fetch }): BranchlineClient {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))

  async function query<T>(nsid: string, params: URLSearchParams): Promise<T> {
    const url = `${deps.baseUrl.replace(/\/$/, '')}/xrpc/${nsid}?${params}`
    let response: Response
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' } })
    } catch (cause) {
      throw new AppViewUnavailableError(SERVICE, { cause })
    }
    if (response.status >= 500) throw new AppViewUnavailableError(SERVICE)
    if (!response.ok) throw new AppViewInvalidResponseError(SERVICE, `${nsid} answered HTTP ${response.status}`)
    const body: unknown = await response.json().catch(() => undefined)
    try {
      return assertXrpcOutput<T>(nsid, body)
    } catch (error) {
      throw new AppViewInvalidResponseError(SERVICE, `${nsid}: ${error instanceof Error ? error.message : 'bad shape'}`)
    }
  }

  return {
    async getBranch(budUri) {
      const { buds } = await query<GetBranch.OutputSchema>('ink.branchline.getBranch', new URLSearchParams({ bud: budUri }))
      return buds
    },
    async getBuds(uris) {
      const views: BudView[] = []
      for (let i = 0; i < uris.length; i += GET_BUDS_LIMIT) {
        const params = new URLSearchParams()
        for (const uri of uris.slice(i, i + GET_BUDS_LIMIT)) params.append('uris', uri)
        views.push(...(await query<GetBuds.OutputSchema>('ink.branchline.getBuds', params)).buds)
      }
      return views
    },
  }
}
