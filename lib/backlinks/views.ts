import type { SourceType } from './verify'

// What the worker tells the pages and Tendril's own UI about backlinks: plain data, derived by the
// worker from records it fetched itself (never from what a page says).

/** An eprint as Tendril shows it: its title read from the eprint record at its author's PDS. */
export interface EprintView {
  uri: string
  title: string
  /** `https://chive.pub/eprints/<encoded at-uri>`. */
  pageUrl: string
}

/**
 * One eprint a verified source cites, and where it stands:
 * - `offered`: Tendril may create it (a click, or automatically for the reader's own record);
 * - `on-chive`: Chive already lists this source for it; nothing to write;
 * - `added`: Tendril created it (or is sending it now);
 * - `dismissed`: the reader said "not this one" on this source; not offered again.
 */
export type CitationState = 'offered' | 'on-chive' | 'added' | 'dismissed'

export interface CitationView {
  eprint: EprintView
  sourceType: SourceType
  state: CitationState
  /** Tendril created it on its own on this visit (the reader chose "Always"). */
  automatic?: boolean
}

/** A source page (a Bluesky post, a WhiteWind entry, a Leaflet document) after verification. */
export interface SourcePageView {
  /** The tab's address this is about (the browser's word). */
  url: string
  /** The record's DID-based AT-URI (what Chive is told). */
  sourceUri: string
  site: 'bluesky' | 'whitewind' | 'leaflet'
  /** The record belongs to the active account. */
  own: boolean
  signedIn: boolean
  /** One per cited eprint; empty when the record cites none (then nothing is shown). */
  citations: CitationView[]
  /** Chive lists this source for another eprint now: creating one replaces that (Chive keeps one
   * backlink per source). */
  replaces?: EprintView
  /** The reader's own record and they have not yet chosen Always / Ask each time. */
  offerSetup: boolean
  /** Shared by link only (an unlisted WhiteWind entry): offered, never automatic. */
  unlisted?: boolean
  /** Chive could not be asked (busy or unreachable): what was verified is still offered. */
  chiveNote?: string
}

/** What a backlink action did, for the toast or the popup (lib/backlinks/outcome-text.ts). */
export type BacklinkReply =
  | { kind: 'entered'; eprint: EprintView; replaced?: EprintView }
  | { kind: 'already-asked'; eprint: EprintView }
  | { kind: 'on-chive'; eprint: EprintView }
  | { kind: 'dismissed' }
  | { kind: 'removed'; eprint: EprintView }
  | { kind: 'points-elsewhere'; eprint: EprintView }
  | { kind: 'signed-out' }
  | { kind: 'setup-opened' }

/** One backlink as Chive reports it, for the popup on an eprint page. */
export interface ChiveBacklinkView {
  sourceUri: string
  sourceType: string
  /** The source on its own site, when Tendril knows the site's address form. */
  sourceUrl?: string
  title?: string
  context?: string
  indexedAt?: string
  /** Tendril created this one for the reader (an account signed in here). */
  mine: boolean
}

/** The popup on an eprint page: what Chive reports, labelled as such. */
export interface EprintBacklinksView {
  eprint: EprintView
  counts: {
    total: number
    blueskyPosts: number
    blueskyEmbeds: number
    whitewindBlogs: number
    leafletLists: number
    cosmikCollections: number
    other: number
  }
  backlinks: ChiveBacklinkView[]
  /** Pass back to `backlinks.eprint` for the next page. */
  cursor?: string
  /** Chive could not be asked, in words. */
  error?: string
}

/** A backlink Tendril created, for the list with undo (popup and options page). */
export interface CreatedBacklinkView {
  did: string
  sourceUri: string
  sourceType: SourceType
  sourceUrl?: string
  eprint: EprintView
  createdAt: string
  automatic: boolean
  /** Still in the write journal (sending, or stopped: see the writes list). */
  sending: boolean
}
