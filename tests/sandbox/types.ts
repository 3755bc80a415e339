// The contract between the parts of the sandbox: what seeding produced (the "seed manifest"), and
// what `npm run sandbox` prints as its one JSON ready line. Tests read the ready line; nothing else
// about the sandbox's internals should leak into them.

export interface SandboxAccount {
  handle: string
  did: string
  password: string
}

export interface SeedStory {
  title: string
  /** AT-URI of the root bud. */
  root: string
  /** Buds in this story (root included). */
  budCount: number
}

/** A record that links to (or only mentions) eprints, as a source site would show it. */
export interface SeedSource {
  uri: string
  /** Chive's sourceType for a real citation, e.g. `bluesky.post`, `bluesky.embed`, `whitewind.blog`. */
  sourceType: 'bluesky.post' | 'bluesky.embed' | 'whitewind.blog' | 'leaflet.list' | 'cosmik.collection'
  /** How the citation is made, e.g. `facet-link`, `external-embed`, `record-embed`,
   * `record-with-media`, `markdown-link`, `link-facet`, `card-url`, `mention-only`. */
  how: string
  /** AT-URIs of the eprints this record really cites (empty for a record that only mentions a title). */
  cites: string[]
  /** `reader` when the reader owns the record. */
  owner: 'reader' | 'writer'
  /** The page at the real hostname that shows this record. */
  pageUrl: string
}

export interface SeedManifest {
  reader: SandboxAccount
  writers: SandboxAccount[]
  stories: SeedStory[]
  buds: {
    total: number
    /** The deepest branch: root → leaf, `depth` buds long. */
    deepBranch: { root: string; leaf: string; depth: number }
    /** Two buds with the same parent. */
    siblings: [string, string]
    /** Two buds whose parents are siblings. */
    cousins: [string, string]
    /** AT-URI of the bud to open first (`npm start` and the first e2e test). */
    demo: string
  }
  eprints: { uri: string; title: string; pageUrl: string }[]
  sources: SeedSource[]
  /** Records that mention an eprint's title (or its Chive page as plain text) without citing it. */
  decoys: SeedSource[]
  /** Records that really link an eprint (`cites` says which) but that nobody but their author can
   * see — a WhiteWind entry with `visibility: 'author'`, whose page answers 404. Tendril must treat
   * them as nothing: never suggest, never backlink. Neither `sources` (which should be suggested) nor
   * `decoys` (which link nothing). Always set by the sandbox; optional only so hand-built manifests
   * (the page-server tests) need not list them. */
  privateSources?: SeedSource[]
  /** An eprint no seeded source cites, for which Chive already holds more backlinks than one
   * `pub.chive.backlink.list` page (limit 50 by default, 100 at most): `backlinks` is how many, from
   * sources outside the sandbox's PDS (seed/chive-backlinks.ts). `/chive/reset` brings them back.
   * Always set by the sandbox; optional for the same reason as `privateSources`. */
  busyEprint?: { uri: string; backlinks: number }
  /** The unrelated blog page that links to buds and eprints. */
  blogUrl: string
}

export interface SandboxReady {
  ready: true
  plcUrl: string
  pdsUrl: string
  branchlineUrl: string
  chiveUrl: string
  chiveServiceDid: string
  controlUrl: string
  web: {
    port: number
    hosts: string[]
    /** Pass to Chromium as --host-resolver-rules=… */
    hostResolverRules: string
    /** PEM of the certificate generated at start (Chromium is started with --ignore-certificate-errors). */
    certificatePath: string
  }
  seed: SeedManifest
}
