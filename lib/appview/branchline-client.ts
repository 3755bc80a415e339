import { XRPCError, XRPCInvalidResponseError } from '@atproto/xrpc'
import { AppViewInvalidResponseError, AppViewUnavailableError } from '../errors'
import type * as GetBuds from '../lexicons/generated/types/ink/branchline/getBuds'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'

// Branchline's public AppView: ink.branchline.getBranch and getBuds, no auth, through Tendril's XRPC
// client (answers checked against lexicons/). Unknown buds are not errors there: getBranch answers
// `{buds: []}` and getBuds leaves them out (StoryTree src/queries/branch.server.ts), so "not found"
// is an empty answer here too.

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
  const xrpc = new TendrilXrpc({ service: deps.baseUrl, fetch: doFetch })

  async function query<T>(nsid: string, run: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await run()).data
    } catch (error) {
      throw asAppViewError(nsid, error)
    }
  }

  return {
    async getBranch(budUri) {
      const { buds } = await query('ink.branchline.getBranch', () => xrpc.ink.branchline.getBranch({ bud: budUri }))
      return buds
    },
    async getBuds(uris) {
      const views: BudView[] = []
      for (let i = 0; i < uris.length; i += GET_BUDS_LIMIT) {
        const chunk = uris.slice(i, i + GET_BUDS_LIMIT)
        views.push(...(await query('ink.branchline.getBuds', () => xrpc.ink.branchline.getBuds({ uris: chunk }))).buds)
      }
      return views
    },
  }
}

/** Unreachable or 5xx → unavailable (worth retrying later); an answer that breaks the lexicon or
 * another refusal → invalid response, naming the method. */
function asAppViewError(nsid: string, error: unknown): Error {
  if (error instanceof XRPCInvalidResponseError) {
    return new AppViewInvalidResponseError(SERVICE, `${nsid}: ${error.validationError.message}`, { cause: error })
  }
  if (error instanceof XRPCError) {
    // Status 1 (Unknown) is what the client reports when fetch itself failed.
    if (error.status === 1 || error.status >= 500) return new AppViewUnavailableError(SERVICE, { cause: error })
    return new AppViewInvalidResponseError(SERVICE, `${nsid} answered HTTP ${error.status}`, { cause: error })
  }
  return new AppViewUnavailableError(SERVICE, { cause: error })
}
