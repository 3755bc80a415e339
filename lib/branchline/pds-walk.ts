import { XRPCError } from '@atproto/xrpc'
import type { PdsOf } from '../identity/pds-of'
import { parseBudUri } from '../sites/branchline'
import { TendrilXrpc } from '../xrpc/tendril-xrpc'

// Where a bud sits when Branchline's AppView cannot say (it is down, or lags behind a new bud):
// walk its `parent` strongRefs up to the root, reading each bud from its author's own PDS. Every
// step is handed to `known` first, so a walk stops as soon as it reaches a bud whose path is
// already cached, and every bud it read is returned so the caller can cache it.

export interface WalkedBud {
  uri: string
  cid: string
  title?: string
  parent?: string
}

/** At most this many steps (a cycle or an absurd chain is not a story). */
const MAX_DEPTH = 10_000

export function createPdsWalk(deps: { pdsOf: PdsOf; fetch?: typeof fetch }) {
  const clients = new Map<string, TendrilXrpc>()
  const clientFor = (url: string) => {
    let c = clients.get(url)
    if (!c) clients.set(url, (c = new TendrilXrpc({ service: url, fetch: deps.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a)) })))
    return c
  }

  /** The bud as its author's PDS holds it now, or undefined when it is not there (gone). */
  async function read(uri: string): Promise<WalkedBud | undefined> {
    const ref = parseBudUri(uri)
    if (!ref) return undefined
    const pds = await deps.pdsOf(ref.did)
    if (!pds) return undefined
    try {
      const { data } = await clientFor(pds).com.atproto.repo.getRecord({ repo: ref.did, collection: 'ink.branchline.bud', rkey: ref.rkey })
      if (!data.cid) return undefined
      const value = data.value as { title?: unknown; parent?: { uri?: unknown } }
      const parent = typeof value.parent?.uri === 'string' && parseBudUri(value.parent.uri) ? value.parent.uri : undefined
      return { uri, cid: data.cid, title: typeof value.title === 'string' ? value.title : undefined, parent }
    } catch (error) {
      if (error instanceof XRPCError && (error.error === 'RecordNotFound' || error.status === 400 || error.status === 404)) return undefined
      throw error
    }
  }

  return {
    read,
    /** Root→`uri` path, or null when a bud on the way is gone. `known(uri)` gives a cached path. */
    async walk(uri: string, known: (uri: string) => Promise<string[] | undefined>): Promise<{ path: string[] | null; read: WalkedBud[] }> {
      const chain: WalkedBud[] = []
      const seen = new Set<string>()
      let current: string | undefined = uri
      while (current) {
        const cached = current === uri ? undefined : await known(current)
        if (cached) return { path: [...cached, ...chain.map((b) => b.uri).reverse()], read: chain }
        if (seen.has(current) || chain.length >= MAX_DEPTH) return { path: null, read: chain }
        seen.add(current)
        const bud = await read(current)
        if (!bud) return { path: null, read: chain }
        chain.push(bud)
        current = bud.parent
      }
      return { path: chain.map((b) => b.uri).reverse(), read: chain }
    },
  }
}

export type PdsWalk = ReturnType<typeof createPdsWalk>
