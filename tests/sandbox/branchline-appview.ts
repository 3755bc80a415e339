// Stand-in for Branchline's public AppView queries (https://branchline.ink/xrpc/…), answering from
// the sandbox PDS live (see branchline-index.ts). Behaviour follows chris-pardy/StoryTree:
// - getBranch?bud=<at-uri> → {buds: [root … bud]}; unknown bud → 200 {buds: []}
//   (src/routes/xrpc.ink[.]branchline[.]getBranch.ts, src/queries/branch.server.ts);
// - getBuds?uris=…&uris=… → {buds: [budView…]} in input order, unknown URIs left out, only the first
//   25 used (src/queries/buds.server.ts slices silently; the lexicon says maxLength 25);
// - budView as lexicons/ink/branchline/getBuds.json and rowToBudView: `children` is omitted when
//   empty, `bloomsAt` = createdAt + 24 h, `growing` = bloomsAt in the future, `author.handle`
//   falls back to the DID.
// Deliberately stricter than the real server: a parameter that is not an AT-URI is a 400
// InvalidRequest (the real one only checks presence and then finds nothing).
import http from 'node:http'
import { ensureValidAtUri } from '@atproto/syntax'
import { BranchlineIndex, type BudTree } from './branchline-index.ts'
import { closeServer, listenLoopback, PERMISSIVE_CORS, sendJson } from './net.ts'

const GROWING_MS = 24 * 60 * 60 * 1000
const MAX_URIS = 25

export interface BranchlineHandle {
  url: string
  index: BranchlineIndex
  /** Test levers (control server): `lagging` serves the index as it was when lagging began (new
   * buds, edits and deletions at the PDS are not seen, as when the real AppView is behind);
   * `down` answers 503 to every query. */
  mode: 'live' | 'lagging' | 'down'
  setMode(mode: 'live' | 'lagging' | 'down'): Promise<void>
  close(): Promise<void>
}

class InvalidRequest extends Error {}

function atUriParams(url: URL, name: string): string[] {
  const values = url.searchParams.getAll(name).filter((v) => v !== '')
  if (values.length === 0) throw new InvalidRequest(`${name} is required`)
  for (const v of values) {
    try {
      ensureValidAtUri(v)
    } catch {
      throw new InvalidRequest(`${name} must be an AT-URI: ${v}`)
    }
  }
  return values
}

export function budView(tree: BudTree, uri: string) {
  const bud = tree.buds.get(uri)
  const path = tree.path(uri)
  if (!bud || !path) return undefined
  const createdAt = new Date(bud.value.createdAt)
  const bloomsAt = new Date(createdAt.getTime() + GROWING_MS)
  const author = tree.author(bud.authorDid)
  const children = tree.children(uri)
  const authorsOnPath = new Set(path.map((u) => tree.buds.get(u)?.authorDid))
  return {
    uri: bud.uri,
    cid: bud.cid,
    author: {
      did: bud.authorDid,
      handle: author?.handle ?? bud.authorDid,
      ...(author?.displayName ? { displayName: author.displayName } : {}),
    },
    title: bud.value.title,
    text: bud.value.text,
    ...(bud.value.parent ? { parent: { uri: bud.value.parent.uri, cid: bud.value.parent.cid } } : {}),
    createdAt: createdAt.toISOString(),
    bloomsAt: bloomsAt.toISOString(),
    depth: path.length - 1,
    pollenCount: tree.pollenCount(uri),
    intermediateCount: authorsOnPath.size,
    ...(children.length ? { children } : {}),
    growing: bloomsAt.getTime() > Date.now(),
    locked: false,
    ...(bud.value.formatting?.length ? { formatting: bud.value.formatting } : {}),
  }
}

export async function startBranchlineAppView(opts: {
  port: number
  pdsUrl: string
  log?: (msg: string) => void
}): Promise<BranchlineHandle> {
  const index = new BranchlineIndex(opts.pdsUrl, opts.log)
  let mode: BranchlineHandle['mode'] = 'live'
  let frozen: BudTree | undefined
  const tree = () => (mode === 'lagging' && frozen ? Promise.resolve(frozen) : index.current())

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://branchline.invalid')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, PERMISSIVE_CORS)
      return res.end()
    }
    if (mode === 'down') return sendJson(res, 503, { error: 'ServiceUnavailable', message: 'Branchline is down (sandbox lever)' }, PERMISSIVE_CORS)
    try {
      if (url.pathname === '/xrpc/ink.branchline.getBranch' && req.method === 'GET') {
        const [bud] = atUriParams(url, 'bud')
        const now = await tree()
        return sendJson(res, 200, { buds: now.path(bud!) ?? [] }, PERMISSIVE_CORS)
      }
      if (url.pathname === '/xrpc/ink.branchline.getBuds' && req.method === 'GET') {
        const uris = atUriParams(url, 'uris').slice(0, MAX_URIS)
        const now = await tree()
        const buds = uris.map((u) => budView(now, u)).filter((v) => v !== undefined)
        return sendJson(res, 200, { buds }, PERMISSIVE_CORS)
      }
      return sendJson(res, 404, { error: 'NotFound', message: `no route ${req.method} ${url.pathname}` }, PERMISSIVE_CORS)
    } catch (err) {
      if (err instanceof InvalidRequest) {
        return sendJson(res, 400, { error: 'InvalidRequest', message: err.message }, PERMISSIVE_CORS)
      }
      opts.log?.(`branchline: ${(err as Error).stack ?? err}`)
      return sendJson(res, 500, { error: 'InternalServerError', message: 'Internal Server Error' }, PERMISSIVE_CORS)
    }
  }

  const server = http.createServer((req, res) => void handle(req, res))
  await listenLoopback(server, opts.port)
  return {
    url: `http://127.0.0.1:${opts.port}`,
    index,
    get mode() {
      return mode
    },
    async setMode(next) {
      frozen = next === 'lagging' ? await index.current() : undefined
      mode = next
      opts.log?.(`branchline: ${next}`)
    },
    close: () => closeServer(server),
  }
}
