import { z } from 'zod'
import { AppViewInvalidResponseError, AppViewUnavailableError } from '../errors'

// Branchline's public AppView: ink.branchline.getBranch and getBuds, no auth. Unknown buds are not
// errors there: getBranch answers `{buds: []}` and getBuds leaves them out (StoryTree
// src/queries/branch.server.ts), so "not found" is an empty answer here too.

const BudViewSchema = z.object({
  uri: z.string(),
  cid: z.string(),
  title: z.string().optional(),
  depth: z.number().int().nonnegative().optional(),
  parent: z.string().optional(),
  author: z.object({ did: z.string(), handle: z.string().optional(), displayName: z.string().optional() }).optional(),
  children: z.array(z.string()).optional(),
})

export type BudView = z.infer<typeof BudViewSchema>

const GetBranchSchema = z.object({ buds: z.array(z.string()) })
const GetBudsSchema = z.object({ buds: z.array(BudViewSchema.loose()) })

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

  async function query<T>(nsid: string, params: URLSearchParams, schema: z.ZodType<T>): Promise<T> {
    const url = `${deps.baseUrl.replace(/\/$/, '')}/xrpc/${nsid}?${params}`
    let response: Response
    try {
      response = await doFetch(url, { headers: { accept: 'application/json' } })
    } catch (cause) {
      throw new AppViewUnavailableError(SERVICE, { cause })
    }
    if (response.status >= 500) throw new AppViewUnavailableError(SERVICE)
    if (!response.ok) throw new AppViewInvalidResponseError(SERVICE, `${nsid} answered HTTP ${response.status}`)
    const parsed = schema.safeParse(await response.json().catch(() => undefined))
    if (!parsed.success) throw new AppViewInvalidResponseError(SERVICE, `${nsid}: ${parsed.error.issues[0]?.message}`)
    return parsed.data
  }

  return {
    async getBranch(budUri) {
      const { buds } = await query('ink.branchline.getBranch', new URLSearchParams({ bud: budUri }), GetBranchSchema)
      return buds
    },
    async getBuds(uris) {
      const views: BudView[] = []
      for (let i = 0; i < uris.length; i += GET_BUDS_LIMIT) {
        const params = new URLSearchParams()
        for (const uri of uris.slice(i, i + GET_BUDS_LIMIT)) params.append('uris', uri)
        views.push(...(await query('ink.branchline.getBuds', params, GetBudsSchema)).buds)
      }
      return views
    },
  }
}
