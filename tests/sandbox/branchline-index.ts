// The Branchline stand-in's view of the world, read live from the sandbox PDS.
//
// Strategy: every query first calls com.atproto.sync.listRepos (one cheap request) and compares each
// repo's `rev` with the rev its cached records were read at; only repos whose rev moved are re-read
// (listRecords of buds and pollen, describeRepo for the handle, the profile for the display name).
// The PDS updates a repo's root/rev before createRecord/applyWrites returns, so a bud written by a
// test is visible to the very next query — read-after-write, no polling, no start-up snapshot — and
// an unchanged world costs one request. (The firehose would also work, but needs CAR/CBOR decoding
// and reconnect handling for the same result.)
//
// Like the real AppView (which has its own database), if the PDS is stopped the last index keeps
// being served instead of failing.

export interface BudRecordValue {
  title: string
  text: string
  createdAt: string
  parent?: { uri: string; cid: string }
  formatting?: unknown[]
}

export interface IndexedBud {
  uri: string
  cid: string
  authorDid: string
  value: BudRecordValue
}

interface RepoEntry {
  rev: string
  handle: string
  displayName?: string
  buds: IndexedBud[]
  /** subject URI → grains in this repo */
  pollen: Map<string, number>
}

export interface BudTree {
  buds: Map<string, IndexedBud>
  /** root → bud, inclusive; only for buds whose ancestry is complete */
  path(uri: string): string[] | undefined
  children(uri: string): string[]
  pollenCount(uri: string): number
  author(did: string): { handle: string; displayName?: string } | undefined
}

const BUD = 'ink.branchline.bud'
const POLLEN = 'ink.branchline.pollen'
const SEED = 'ink.branchline.seed'

async function getJson(url: string): Promise<any> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url} → ${res.status}`)
  return res.json()
}

export class BranchlineIndex {
  private pdsUrl: string
  private log: (msg: string) => void
  private repos = new Map<string, RepoEntry>()
  private tree: BudTree | undefined
  private inflight: Promise<BudTree> | undefined
  private queued: Promise<BudTree> | undefined

  constructor(pdsUrl: string, log: (msg: string) => void = () => {}) {
    this.pdsUrl = pdsUrl
    this.log = log
  }

  /** The tree as of (at least) the moment of the call. Concurrent callers share refreshes, but a
   * caller never joins a refresh that began before it arrived (that one may have listed repos
   * before the caller's own write): it waits for one queued follow-up refresh instead. */
  current(): Promise<BudTree> {
    if (!this.inflight) return this.startRefresh()
    if (!this.queued) {
      this.queued = this.inflight
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined
          return this.inflight ?? this.startRefresh()
        })
    }
    return this.queued
  }

  private startRefresh(): Promise<BudTree> {
    const run = this.refresh().finally(() => {
      if (this.inflight === run) this.inflight = undefined
    })
    this.inflight = run
    return run
  }

  private async refresh(): Promise<BudTree> {
    let listed: { did: string; rev: string; active: boolean }[]
    try {
      listed = await this.listRepos()
    } catch (err) {
      this.log(`branchline: PDS unreachable (${(err as Error).message}); serving the last index`)
      return this.tree ?? buildTree(new Map())
    }
    let changed = !this.tree
    const live = new Set(listed.filter((r) => r.active).map((r) => r.did))
    for (const did of this.repos.keys()) {
      if (!live.has(did)) {
        this.repos.delete(did)
        changed = true
      }
    }
    const stale = listed.filter((r) => r.active && this.repos.get(r.did)?.rev !== r.rev)
    try {
      const entries = await Promise.all(stale.map((r) => this.readRepo(r.did, r.rev)))
      entries.forEach((entry, i) => this.repos.set(stale[i]!.did, entry))
      if (entries.length) changed = true
    } catch (err) {
      this.log(`branchline: reading repos failed (${(err as Error).message}); serving the last index`)
      return this.tree ?? buildTree(new Map())
    }
    if (changed || !this.tree) this.tree = buildTree(this.repos)
    return this.tree
  }

  private async listRepos() {
    const repos: { did: string; rev: string; active: boolean }[] = []
    let cursor: string | undefined
    do {
      const url = new URL('/xrpc/com.atproto.sync.listRepos', this.pdsUrl)
      url.searchParams.set('limit', '1000')
      if (cursor) url.searchParams.set('cursor', cursor)
      const page = await getJson(url.toString())
      repos.push(...page.repos)
      cursor = page.repos.length ? page.cursor : undefined
    } while (cursor)
    return repos
  }

  private async listRecords(did: string, collection: string): Promise<{ uri: string; cid: string; value: any }[]> {
    const records: { uri: string; cid: string; value: any }[] = []
    let cursor: string | undefined
    do {
      const url = new URL('/xrpc/com.atproto.repo.listRecords', this.pdsUrl)
      url.searchParams.set('repo', did)
      url.searchParams.set('collection', collection)
      url.searchParams.set('limit', '100')
      if (cursor) url.searchParams.set('cursor', cursor)
      const page = await getJson(url.toString())
      records.push(...page.records)
      cursor = page.records.length === 100 ? page.cursor : undefined
    } while (cursor)
    return records
  }

  private async readRepo(did: string, rev: string): Promise<RepoEntry> {
    const [buds, pollen, described, profile] = await Promise.all([
      this.listRecords(did, BUD),
      this.listRecords(did, POLLEN),
      getJson(`${this.pdsUrl}/xrpc/com.atproto.repo.describeRepo?repo=${encodeURIComponent(did)}`),
      getJson(
        `${this.pdsUrl}/xrpc/com.atproto.repo.getRecord?repo=${encodeURIComponent(did)}&collection=app.bsky.actor.profile&rkey=self`,
      ).catch(() => undefined),
    ])
    const pollenBySubject = new Map<string, number>()
    for (const p of pollen) {
      const subject = p.value?.subject?.uri
      if (typeof subject === 'string') pollenBySubject.set(subject, (pollenBySubject.get(subject) ?? 0) + 1)
    }
    return {
      rev,
      handle: described.handleIsCorrect === false ? did : described.handle,
      displayName: typeof profile?.value?.displayName === 'string' ? profile.value.displayName : undefined,
      // The real indexer rejects records that are not valid buds; so do we.
      buds: buds.filter((r) => isBudValue(r.value)).map((r) => ({ uri: r.uri, cid: r.cid, authorDid: did, value: r.value })),
      pollen: pollenBySubject,
    }
  }
}

function isBudValue(v: any): v is BudRecordValue {
  return (
    v &&
    typeof v.title === 'string' &&
    typeof v.text === 'string' &&
    typeof v.createdAt === 'string' &&
    !Number.isNaN(Date.parse(v.createdAt)) &&
    (v.parent === undefined || (typeof v.parent?.uri === 'string' && typeof v.parent?.cid === 'string'))
  )
}

function buildTree(repos: Map<string, RepoEntry>): BudTree {
  const buds = new Map<string, IndexedBud>()
  const pollen = new Map<string, number>()
  for (const repo of repos.values()) {
    for (const bud of repo.buds) buds.set(bud.uri, bud)
    for (const [subject, n] of repo.pollen) pollen.set(subject, (pollen.get(subject) ?? 0) + n)
  }
  // Paths, memoised. A bud whose parent is a bud we do not have is an orphan: the real indexer
  // rejects it (parent-not-found), so it is left out. A parent that is an ink.branchline.seed (or
  // no parent) makes a root.
  const paths = new Map<string, string[] | null>()
  const pathOf = (uri: string): string[] | null => {
    const known = paths.get(uri)
    if (known !== undefined) return known
    // Iterative walk up, so a 200-deep branch cannot overflow the stack.
    const chain: string[] = []
    let cursor: string | undefined = uri
    let base: string[] | null = []
    while (cursor !== undefined) {
      const memo = paths.get(cursor)
      if (memo !== undefined) {
        base = memo
        break
      }
      const bud = buds.get(cursor)
      if (!bud || chain.includes(cursor)) {
        base = null
        break
      }
      chain.push(cursor)
      const parent = bud.value.parent?.uri
      cursor = parent && !parent.includes(`/${SEED}/`) ? parent : undefined
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      base = base === null ? null : [...base, chain[i]!]
      paths.set(chain[i]!, base)
    }
    return paths.get(uri) ?? null
  }
  for (const uri of buds.keys()) pathOf(uri)
  for (const [uri, path] of paths) if (path === null) buds.delete(uri)

  const children = new Map<string, string[]>()
  for (const bud of buds.values()) {
    const parent = bud.value.parent?.uri
    if (!parent || !buds.has(parent)) continue
    let list = children.get(parent)
    if (!list) children.set(parent, (list = []))
    list.push(bud.uri)
  }
  // The real AppView orders children by createdAt ascending.
  const createdAt = (uri: string) => Date.parse(buds.get(uri)!.value.createdAt)
  for (const list of children.values()) list.sort((a, b) => createdAt(a) - createdAt(b))

  const authors = new Map<string, { handle: string; displayName?: string }>()
  for (const [did, repo] of repos) authors.set(did, { handle: repo.handle, displayName: repo.displayName })

  return {
    buds,
    path: (uri) => paths.get(uri) ?? undefined,
    children: (uri) => children.get(uri) ?? [],
    pollenCount: (uri) => pollen.get(uri) ?? 0,
    author: (did) => authors.get(did),
  }
}
