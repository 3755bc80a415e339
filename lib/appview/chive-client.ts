import { XRPCError, XRPCInvalidResponseError } from '@atproto/xrpc'
import { AppViewInvalidResponseError, AppViewUnavailableError } from '../errors'
import type * as GetCounts from '../lexicons/generated/types/pub/chive/backlink/getCounts'
import type * as List from '../lexicons/generated/types/pub/chive/backlink/list'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'

// Chive's public backlink queries (`pub.chive.backlink.list`, `getCounts`: no auth), through
// Tendril's XRPC client, answers checked against lexicons/. Chive can be asked what points at an
// eprint, never what a source points at. Its global limit (200 a minute for an anonymous caller)
// is answered 429 with Retry-After: reported as "busy", with the wait, never retried in a loop.

export type Backlink = List.Backlink
export type BacklinkCounts = GetCounts.OutputSchema

const SERVICE = 'Chive'

export class ChiveBusyError extends AppViewUnavailableError {
  readonly retryAfterMs: number | undefined
  constructor(retryAfterMs: number | undefined, options?: { cause?: unknown }) {
    super(SERVICE, options)
    this.retryAfterMs = retryAfterMs
  }
}

export interface ChiveClient {
  list(targetUri: string, options?: { sourceType?: string; cursor?: string; limit?: number }): Promise<{ backlinks: Backlink[]; cursor?: string; hasMore: boolean }>
  getCounts(targetUri: string): Promise<BacklinkCounts>
}

export function createChiveClient(deps: { baseUrl: string; fetch?: typeof fetch }): ChiveClient {
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const xrpc = new TendrilXrpc({ service: deps.baseUrl, fetch: doFetch })
  async function query<T>(nsid: string, run: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await run()).data
    } catch (error) {
      if (error instanceof XRPCInvalidResponseError) throw new AppViewInvalidResponseError(SERVICE, `${nsid}: ${error.validationError.message}`, { cause: error })
      if (error instanceof XRPCError && error.status === 429) {
        const seconds = Number(error.headers?.['retry-after'])
        throw new ChiveBusyError(Number.isFinite(seconds) ? seconds * 1000 : undefined, { cause: error })
      }
      if (error instanceof XRPCError && error.status !== 1 && error.status < 500) throw new AppViewInvalidResponseError(SERVICE, `${nsid} answered HTTP ${error.status}`, { cause: error })
      throw new AppViewUnavailableError(SERVICE, { cause: error })
    }
  }
  return {
    async list(targetUri, options = {}) {
      const out = await query('pub.chive.backlink.list', () =>
        xrpc.pub.chive.backlink.list({ targetUri, limit: options.limit ?? 100, ...(options.sourceType ? { sourceType: options.sourceType } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) }),
      )
      return { backlinks: out.backlinks, ...(out.cursor ? { cursor: out.cursor } : {}), hasMore: out.hasMore }
    },
    getCounts: (targetUri) => query('pub.chive.backlink.getCounts', () => xrpc.pub.chive.backlink.getCounts({ targetUri })),
  }
}
