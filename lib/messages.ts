import { z } from 'zod/mini'
import type { AccountRecord } from './accounts/account-record'
import type { ErrorInfo } from './errors'
import type { Settings } from './settings/settings-store'
import type { BookmarkOutcome } from './bookmarks/bookmark-service'
import type { BudMark } from './bookmarks/marks'
import type { BookmarkItem, StoryGroup } from './bookmarks/bookmark-list'
import type { BacklinkReply, CreatedBacklinkView, EprintBacklinksView, SourcePageView } from './backlinks/views'

// The one contract between the background worker, content scripts, the popup and the options page.
// The worker parses every incoming message with RequestSchema and answers with a Reply: plain data
// only — never a session, a token or an Error object.

const Did = z.string().check(z.startsWith('did:'), z.maxLength(2048))
const WriteId = z.string().check(z.minLength(1), z.maxLength(64))
const AtUri = z.string().check(z.startsWith('at://'), z.maxLength(2048))

export const RequestSchema = z.discriminatedUnion('type', [
  /** Is the worker alive, and which build is it? */
  z.object({ type: z.literal('ping') }),
  /** A content script says its page changed. It carries nothing else on purpose: the worker
   * derives everything from the tab's URL as the browser reports it, never from the page. */
  z.object({ type: z.literal('page.report') }),
  /** What Tendril knows about a tab (the popup asks for the active one). */
  z.object({ type: z.literal('tab.get'), tabId: z.int().check(z.nonnegative()) }),
  /** Accounts and any sign-in in progress, from local state only (no network). */
  z.object({ type: z.literal('auth.state') }),
  /** Restore the active account's session and confirm it with an authenticated call to its PDS. */
  z.object({ type: z.literal('auth.confirm') }),
  /** Start signing in: a handle, a DID or a PDS URL, exactly as typed. */
  z.object({ type: z.literal('auth.signIn'), input: z.string().check(z.maxLength(512)) }),
  /** Stop the waiting sign-in: its tab closed, its authorization request and key deleted. */
  z.object({ type: z.literal('auth.cancelSignIn') }),
  /** Forget a failed sign-in's message. */
  z.object({ type: z.literal('auth.dismiss') }),
  z.object({ type: z.literal('auth.switch'), did: Did }),
  /** `discardWrites`: the reader agreed to drop the account's writes not saved yet. */
  z.object({ type: z.literal('auth.signOut'), did: Did, discardWrites: z.optional(z.boolean()) }),
  /** The reader's settings and consents (kept by the worker, out of reach of pages). */
  z.object({ type: z.literal('settings.get') }),
  z.object({ type: z.literal('settings.set'), autoBacklink: z.boolean() }),
  /** The writes Tendril is still sending or that stopped (the popup lists them). */
  z.object({ type: z.literal('writes.list') }),
  /** Send a stopped or waiting write again now; drop one the reader gave up on. */
  z.object({ type: z.literal('writes.retry'), id: WriteId }),
  z.object({ type: z.literal('writes.discard'), id: WriteId }),
  /** The bookmark state of every bud on the sender tab's path (the controls beside them). */
  z.object({ type: z.literal('bookmarks.marks') }),
  /** Bookmark / unbookmark a bud of the sender tab's page. `budUri` is the page's claim: the worker
   * acts only if that bud lies on the path it derived itself from the tab's URL. */
  z.object({ type: z.literal('bookmarks.bookmark'), budUri: AtUri }),
  z.object({ type: z.literal('bookmarks.remove'), budUri: AtUri }),
  /** The popup: the reader's bookmarks (syncing them if the last sync is over a minute old), and the
   * state of the bud the tab `tabId` shows. */
  z.object({ type: z.literal('bookmarks.list'), tabId: z.optional(z.int().check(z.nonnegative())) }),
  /** The popup: bookmark or unbookmark the bud the tab shows (its URL read from the browser). */
  z.object({ type: z.literal('bookmarks.tab'), tabId: z.int().check(z.nonnegative()), action: z.enum(['bookmark', 'remove']) }),
  /** The popup: remove one bookmark from the list. */
  z.object({ type: z.literal('bookmarks.delete'), rkey: z.string().check(z.minLength(1), z.maxLength(512)) }),
  /** Undo what a toast offered to undo; the token was given only to that toast. */
  z.object({ type: z.literal('bookmarks.undo'), token: z.string().check(z.minLength(16), z.maxLength(64)) }),
  /** The prompt's script (injected by the worker into a source page's tab): what the tab's source
   * page cites, verified by the worker from the record at its
   * author's PDS (the tab's URL as the browser reports it names the record; the page says nothing). */
  z.object({ type: z.literal('backlinks.page') }),
  /** Create the backlink from the sender tab's source to `eprint` — the page's claim: the worker acts
   * only if its own verification of that source found `eprint`. */
  z.object({ type: z.literal('backlinks.add'), eprint: AtUri }),
  /** "Not now" on the prompt: `eprint`, or every eprint offered on this source. */
  z.object({ type: z.literal('backlinks.dismiss'), eprint: z.optional(AtUri) }),
  /** "Set up automatic backlinks…": opens Tendril's own page where the reader chooses. A page can
   * only open it; the choice is made there. */
  z.object({ type: z.literal('backlinks.setup') }),
  /** The popup: the backlink state of tab `tabId` (a source page, or an eprint page's backlinks). */
  z.object({ type: z.literal('backlinks.tab'), tabId: z.int().check(z.nonnegative()) }),
  /** The popup: create from the source tab `tabId` shows (its URL read from the browser). */
  z.object({ type: z.literal('backlinks.tabAdd'), tabId: z.int().check(z.nonnegative()), eprint: AtUri }),
  /** The popup: the next page of an eprint's backlinks as Chive lists them. */
  z.object({ type: z.literal('backlinks.eprint'), eprint: AtUri, cursor: z.optional(z.string().check(z.maxLength(512))) }),
  /** The popup / options page: every backlink Tendril created, newest first. */
  z.object({ type: z.literal('backlinks.mine') }),
  /** Undo one Tendril created (only if Chive still shows the source pointing at that eprint). */
  z.object({ type: z.literal('backlinks.remove'), did: Did, sourceUri: AtUri }),
])

export type Request = z.infer<typeof RequestSchema>
export type RequestType = Request['type']

export interface BudSummary {
  uri: string
  title: string
  /** 1 for the root bud. */
  position: number
  author: { did: string; handle?: string; displayName?: string }
  story: { rootUri: string; title: string }
  /** Root→this bud AT-URIs, as the AppView's getBranch gave them for the tab's URL. */
  path: string[]
  /** How many buds extend this one. */
  childCount: number
}

export type PageState =
  | { kind: 'bud'; bud: BudSummary }
  | { kind: 'bud-missing'; url: string }
  | { kind: 'error'; url: string; error: ErrorInfo }

export interface TabState {
  tabId: number
  url: string
  page: PageState
  updatedAt: string
}

/** An account as the popup shows it: the worker's own record of it (lib/accounts), which holds
 * no token and no session object. */
export type AccountView = AccountRecord

export type SignInView =
  | { status: 'waiting'; startedAt: string }
  | { status: 'failed'; error: ErrorInfo; at: string }

export interface AuthState {
  accounts: AccountView[]
  activeDid: string | null
  signIn: SignInView | null
}

/** A write as the popup shows it (lib/writes/entry.ts, without the record itself). */
export interface WriteView {
  id: string
  did: string
  label: string
  /** `waiting`: pending, but its account must sign in again first. */
  status: 'pending' | 'waiting' | 'failed' | 'conflict'
  attempts: number
  /** When it is tried next (pending only), ISO. */
  nextAttemptAt?: string
  error?: { code: string; message: string }
  createdAt: string
}

export interface Responses {
  ping: { buildTarget: 'production' | 'sandbox'; version: string }
  'page.report': TabState | null
  'tab.get': TabState | null
  'auth.state': AuthState
  'auth.confirm': { did: string; handle?: string; confirmedAt: string }
  'auth.signIn': AuthState
  /** `windowLeftOpen`: Chrome's own sign-in window (hosted client) is still open; the reader must
   * close it (it can no longer sign anybody in). */
  'auth.cancelSignIn': { state: AuthState; windowLeftOpen: boolean }
  'auth.dismiss': AuthState
  'auth.switch': AuthState
  'auth.signOut': AuthState
  'settings.get': Settings
  'settings.set': Settings
  'writes.list': WriteView[]
  'writes.retry': WriteView[]
  'writes.discard': WriteView[]
  'bookmarks.marks': BudMarks | null
  'bookmarks.bookmark': BookmarkReply
  'bookmarks.remove': BookmarkReply
  'bookmarks.undo': BookmarkReply
  'bookmarks.list': BookmarksView
  'bookmarks.tab': BookmarkReply
  'bookmarks.delete': BookmarkReply
  'backlinks.page': SourcePageView | null
  'backlinks.add': BacklinkReply
  'backlinks.dismiss': BacklinkReply
  'backlinks.setup': BacklinkReply
  'backlinks.tab': BacklinkTabView
  'backlinks.tabAdd': BacklinkReply
  'backlinks.eprint': EprintBacklinksView
  'backlinks.mine': CreatedBacklinkView[]
  'backlinks.remove': BacklinkReply
}

/** The popup's backlink section for a tab. */
export type BacklinkTabView =
  | { kind: 'none' }
  | { kind: 'source'; source: SourcePageView }
  | { kind: 'eprint'; backlinks: EprintBacklinksView }

export type { BacklinkReply, CreatedBacklinkView, EprintBacklinksView, SourcePageView }

/** The popup's bookmarks: grouped by story, newest first (lib/bookmarks/bookmark-list.ts). */
export type BookmarksView =
  | { signedIn: false; current: BudMark | null }
  | {
      signedIn: true
      /** A sync running now: how many records so far. */
      syncing: { read: number } | null
      stories: StoryGroup[]
      gone: BookmarkItem[]
      /** Records in the repo's bookmark collection that are not bookmarks Tendril can read (left alone). */
      skipped: number
      /** The bud the tab shows, as its control would show it. */
      current: BudMark | null
      /** The bookmarks could not all be placed (Branchline unreachable), in words. */
      error?: string
    }

export type { BookmarkItem, BookmarkOutcome, BudMark, StoryGroup }

/** What the controls beside the buds of a page show. */
export interface BudMarks {
  signedIn: boolean
  marks: BudMark[]
}

/** `signed-out`: kept as an intent, decided once the reader signs in (Tendril's sign-in opened). */
export type BookmarkReply = BookmarkOutcome | { kind: 'signed-out'; budUri: string }

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }
