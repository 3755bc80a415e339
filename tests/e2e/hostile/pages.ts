// The hostile pages, as plain data: where each is, what trick it plays, how it proves the trick
// reached Tendril, which extension requests it may legitimately cause, and what else must hold.
// The runner (run.ts) applies the common requirements to every page: accounts, sign-in state and
// settings unchanged; no extension request outside `allowed`; no beacon hit (nothing executed or
// rendered as HTML); no console error in any page, frame, extension page or the worker.
// Values known only at run time (DIDs, the extension id, ports) come from the World.
//
// What the product promises here (README "What a web page can and cannot make Tendril do"): the
// redirect handler ignores — and leaves open — every tab but the one it opened with a matching
// state; the worker follows a tab's address from the browser, settled, whatever the content script
// reports.

import { AtUri } from '@atproto/syntax'
import { budPageUrl, parseBudUri } from '../../../lib/sites/branchline.ts'
import type { RequestRule } from './attribution.ts'
import { HOSTILE_BUD_TITLE, HOSTILE_STORY_TITLE } from './payloads.ts'
import type { SandboxAccount } from '../../sandbox/types.ts'
import type { World } from './world.ts'

export type Trigger =
  /** The attack runs as the page loads. */
  | { kind: 'load' }
  /** A person clicks the page's `#attack` button (window.open needs a user gesture). */
  | { kind: 'click' }
  /** `window.__hostile.run()`, once the worker has described the bud the page is at. */
  | { kind: 'run' }
  /** `window.__hostile.push(url)` for each URL (in-app navigation); each push must clear what the
   * toolbar showed for the real bud (the worker saw it and refused it), and the page then pushes
   * back to the real bud (the worker describes it again) before the next one. */
  | { kind: 'push'; urls: (w: World) => string[] }
  /** A person clicks Tendril's bookmark control beside the tab's own bud (the last of its path):
   * once the worker has described the bud and the control is drawn (or the page says its attack
   * ran, for a page that takes controls away), the tab comes to the front, the control is
   * scrolled into view and left there a moment, and the pointer is pressed at its centre — a
   * trusted input event from the browser, as a person's is. With no control left, the click lands
   * where it sat: on the line after the `li`'s content, at its start. */
  | { kind: 'click-control' }
  /** Tendril's backlink prompt on a source page: once it is drawn (Tendril's own, in a closed
   * shadow root, with an Add button), the tab comes to the front and the prompt is left on screen
   * 800 ms (longer than the shell's 500 ms minimum); then `run` calls `window.__hostile.run()`
   * (and waits 300 ms more), and `click` is a person's click — trusted input through CDP, as
   * tests/e2e/harness/shell.ts's `clickLikeAPerson` — at the centre of the real prompt's Add button
   * (`real`; where it was, if the page took it away) or of the page's lookalike's (`fake`). */
  | { kind: 'prompt'; run?: true; click?: 'real' | 'fake' }

export type Proof =
  /** The page's script ran: `<html data-attack="ran">`, and its detail passes `check`. */
  | { kind: 'page-marker'; check?: (detail: any) => string | undefined }
  /** The bait is on the page (e.g. a lookalike's bud list). */
  | { kind: 'selector'; selector: string }
  /** Tendril's content script was running in the attacked tab. */
  | { kind: 'content-script' }
  /** Some tab got to this URL (it may have been closed since): the trick navigated a tab there. */
  | { kind: 'tab-at'; url: (w: World) => string }
  /** The browser was asked for this URL by the page (an iframe's source, say). */
  | { kind: 'requested'; url: (w: World) => string }
  /** The worker describes this bud for the attacked tab (it saw the page). */
  | { kind: 'described'; bud: (w: World) => string }
  /** The control the person clicked is still there and its guard refused the click for one of
   * these reasons (`data-refused` on the host): the click reached Tendril's button. */
  | { kind: 'refused'; reasons: string[] }
  /** Tendril's backlink prompt is there after the person's click, and its guard refused the click
   * for one of these reasons (`data-refused` on its host). */
  | { kind: 'prompt-refused'; reasons: string[] }

export interface Outcome {
  /** A tab at this URL is still open after the attack settled: the worker left it alone. */
  tabLeftOpen?: (w: World) => string
  /** What the worker says about the attacked tab at the end: nothing, or this bud. */
  tab?: { none: true } | { bud: (w: World) => string; title?: string; storyTitle?: string }
  /** Open the real toolbar popup over the page: it shows no bud, or the bud's titles as text. */
  popup?: 'none' | 'bud'
  /** The toolbar title contains each of these verbatim (as text). */
  toolbarContains?: string[]
  /** Tendril's content script must not run in this tab. */
  noContentScript?: true
  /** No extension request may name these AT-URIs (in any encoding). */
  neverMentions?: (w: World) => string[]
  /** Tendril's controls in the tab at the end: exactly one beside each `li` of a bud on the path
   * the worker derived for the tab, none beside any other `li` (whatever buds the page lists), and
   * none anywhere else. */
  controlsOnPathOnly?: true
  /** The active account's bookmarks, read straight from its PDS: the same before and after. */
  bookmarksUnchanged?: true
  /** The active account's repo gained exactly one bookmark, of this bud (read straight from its
   * PDS); it is deleted again afterwards with the account's password, so later pages start from
   * the same repo. */
  bookmarked?: (w: World) => string
  /** Chive's stored backlinks (the control server's `GET /chive/backlinks`, deleted rows included):
   * the same before and after. */
  backlinksUnchanged?: true
  /** Chive gained exactly one backlink: from the suite's source post to its eprint (Chive keeps
   * no record of who asked; the request rules say the token was the active account's). */
  backlinked?: true
  /** Tendril's own prompt is still drawn at the end, once, showing what it showed when the trigger
   * found it, with no refusal on it (whatever the page drew beside it). */
  promptIntact?: true
}

/** What a page's allowances may depend on that is known only when it starts. */
export interface PageStart {
  /** The account Tendril acts for as the page opens (auth.state); the state check makes sure the
   * page does not change it. */
  activeDid: string | null
}

export interface HostilePage {
  name: string
  /** One sentence: what the page does to Tendril. */
  trick: string
  url(w: World): string
  /** A real sign-in of this account is waiting while the page attacks; afterwards the person
   * finishes it, and it must succeed. (Each such page signs in another account: the PDS's pages
   * remember an account already signed in on this browser and would not ask for its password.) */
  signInWaiting?: (w: World) => SandboxAccount
  trigger: Trigger
  proofs: Proof[]
  /** Extension requests this page may cause (anything else fails the page). */
  allowed(w: World, at: PageStart): RequestRule[]
  outcome: Outcome
  /** Console errors the page deliberately causes (keep rare). */
  expectedConsoleErrors?: RegExp[]
}

/** The worker's two AppView queries for a bud page: getBranch for the bud, getBuds for the bud and
 * its story's root. `max` per query: one page load, plus one in-app return per push. With an
 * account signed in, the content script also asks the worker what each bud's control shows
 * (`bookmarks.marks`) once per visit of the bud (`visits`: the page load and each in-app return to
 * it), and the worker lists that account's bookmarks at its PDS for each (bookmarkLists). */
export function budLookups(w: World, at: PageStart, bud: string, { max = 2, visits = 1 }: { max?: number; visits?: number } = {}): RequestRule[] {
  const allowed = new Set([bud, w.roots[bud]])
  return [
    ...bookmarkLists(w, at, visits),
    {
      why: `getBranch of ${bud}`,
      host: 'branchline.ink',
      pathname: '/xrpc/ink.branchline.getBranch',
      query: (q) => q.getAll('bud').length === 1 && q.get('bud') === bud,
      method: 'GET',
      max,
    },
    {
      why: `getBuds of ${bud} and its root`,
      host: 'branchline.ink',
      pathname: '/xrpc/ink.branchline.getBuds',
      query: (q) => q.getAll('uris').length > 0 && q.getAll('uris').every((u) => allowed.has(u)),
      method: 'GET',
      max,
    },
  ]
}

/**
 * The worker listing the active account's bookmarks at its PDS (`com.atproto.repo.listRecords` of
 * `ink.branchline.bookmark`), `times` times, each with the CORS preflight Chromium may send first
 * (the PDS sets no preflight max-age, so the browser keeps one for a few seconds only). Only a
 * read, only of that collection, only of the account signed in when the page opened, and only if
 * it is one of the accounts this suite signs in; one page of 100 (the suite empties these
 * accounts' bookmarks at its start, world.ts, so there is never a second page). Nothing at all
 * while no account is signed in: the worker then answers without asking the PDS.
 */
export function bookmarkLists(w: World, at: PageStart, times = 1): RequestRule[] {
  const did = at.activeDid
  if (!did || !w.accounts.some((a) => a.did === did)) return []
  const host = new URL(w.sandbox.pdsUrl).host
  const query = (q: URLSearchParams) =>
    q.getAll('repo').length === 1 &&
    q.get('repo') === did &&
    q.getAll('collection').length === 1 &&
    q.get('collection') === BOOKMARK &&
    q.get('limit') === '100' &&
    !q.has('cursor')
  const pathname = '/xrpc/com.atproto.repo.listRecords'
  return [
    { why: `the active account's bookmarks, listed`, host, pathname, query, method: 'GET', max: times },
    { why: `the active account's bookmarks, listed (CORS preflight)`, host, pathname, query, method: 'OPTIONS', max: times },
  ]
}

/** A person's click on a bookmark control that works: the worker checks the bud (getBuds of it
 * alone, for its CID), decides over the account's bookmarks (one more list), writes one record
 * (createRecord, after its preflight), and the control asks for its marks again (one more list —
 * which, if the new record is already there, is followed by a request for the page after it). */
export function oneBookmarkWrite(w: World, at: PageStart, bud: string): RequestRule[] {
  const pds = new URL(w.sandbox.pdsUrl).host
  const nextPage = (q: URLSearchParams) =>
    q.getAll('repo').length === 1 && q.get('repo') === at.activeDid && q.get('collection') === BOOKMARK && q.get('limit') === '100' && q.getAll('cursor').length === 1
  const pathname = '/xrpc/com.atproto.repo.listRecords'
  return [
    { why: 'the page after the new bookmark, listed', host: pds, pathname, query: nextPage, method: 'GET' },
    { why: 'the page after the new bookmark, listed (CORS preflight)', host: pds, pathname, query: nextPage, method: 'OPTIONS' },
    {
      why: `getBuds of ${bud} alone (the bookmark's subject)`,
      host: 'branchline.ink',
      pathname: '/xrpc/ink.branchline.getBuds',
      query: (q) => q.getAll('uris').length === 1 && q.get('uris') === bud,
      method: 'GET',
    },
    ...bookmarkLists(w, at, 2),
    { why: 'the bookmark record, created', host: pds, pathname: '/xrpc/com.atproto.repo.createRecord', method: 'POST' },
    { why: 'the bookmark record, created (CORS preflight)', host: pds, pathname: '/xrpc/com.atproto.repo.createRecord', method: 'OPTIONS' },
  ]
}

/**
 * What a visit of the suite's source page costs, signed in (the worker's examination of the post,
 * lib/backlinks/source-pages.ts, kept a minute per address): the post's record read at its author's
 * PDS, Chive asked whether it already lists the post for the eprint the post cites (remembered 5
 * minutes), and the eprint's record read for its title (remembered 30 minutes). Each at most once
 * per examination: `examinations` is how many the page may cause (the page load, and one more
 * after a click on Add, which makes the worker look again).
 */
export function sourceLookups(w: World, { examinations = 1 }: { examinations?: number } = {}): RequestRule[] {
  const pds = new URL(w.sandbox.pdsUrl).host
  const post = new AtUri(w.source.uri)
  const eprint = new AtUri(w.source.eprint)
  const getRecord = '/xrpc/com.atproto.repo.getRecord'
  const record = (at: AtUri) => (q: URLSearchParams) =>
    q.getAll('repo').length === 1 && q.get('repo') === at.host && q.get('collection') === at.collection && q.get('rkey') === at.rkey
  return [
    { why: 'the post’s record, read at its author’s PDS', host: pds, pathname: getRecord, query: record(post), method: 'GET', max: examinations },
    { why: 'the eprint’s record, read for its title', host: pds, pathname: getRecord, query: record(eprint), method: 'GET', max: 1 },
    {
      why: 'Chive asked whether it lists the post for its eprint',
      host: 'chive.pub',
      pathname: '/xrpc/pub.chive.backlink.list',
      query: (q) => q.get('targetUri') === w.source.eprint,
      method: 'GET',
      max: examinations,
    },
  ]
}

/** A person's click on Add that works: a service-auth token for Chive minted at the reader's PDS
 * (with its CORS preflight), and the backlink created at Chive. */
export function oneBacklinkWrite(w: World, at: PageStart): RequestRule[] {
  const pds = new URL(w.sandbox.pdsUrl).host
  const getServiceAuth = '/xrpc/com.atproto.server.getServiceAuth'
  const forChive = (q: URLSearchParams) => q.get('aud') === w.sandbox.chiveServiceDid && q.get('lxm') === 'pub.chive.backlink.create'
  return [
    { why: 'a service-auth token for Chive’s create', host: pds, pathname: getServiceAuth, query: forChive, method: 'GET' },
    { why: 'a service-auth token for Chive’s create (CORS preflight)', host: pds, pathname: getServiceAuth, query: forChive, method: 'OPTIONS' },
    { why: `the backlink, created (a token of ${at.activeDid})`, host: 'chive.pub', pathname: '/xrpc/pub.chive.backlink.create', method: 'POST' },
  ]
}

const BOOKMARK = 'ink.branchline.bookmark'
const none = (): RequestRule[] => []
const hostile = (trick: string, query = '') => `https://hostile.example/${trick}${query}`
const at = (w: World, bud: string, variant: string, extra: Record<string, string> = {}) =>
  `${budPageUrl(bud)!}?${new URLSearchParams({ hostile: variant, ...extra })}`
const pathOf = (url: string) => new URL(url).pathname
const rkeyOf = (uri: string) => parseBudUri(uri)!.rkey
const didOf = (uri: string) => parseBudUri(uri)!.did

/**
 * A page sending a tab (or a frame) to the loopback OAuth callback with a state Tendril never
 * issued. The proof is that a tab got there (the browser's own record: the worker's tab events
 * fire for it); it must then be left open and unacted on (still there afterwards, for the
 * extension's tabs API too). A frame is invisible to the worker's tab events, and the page proves
 * it loaded it.
 */
function forgedRedirect(
  name: string,
  trick: string,
  via: 'window-open' | 'location' | 'meta-refresh' | 'iframe',
  signInWaiting?: (w: World) => SandboxAccount,
): HostilePage {
  const target = (w: World) => w.forgedCallback(name)
  const opened: Proof = { kind: 'page-marker', check: (d) => (d?.opened ? undefined : 'window.open was blocked') }
  return {
    name,
    trick,
    url: (w) => hostile(via, `?to=${encodeURIComponent(target(w))}`),
    ...(signInWaiting ? { signInWaiting } : {}),
    trigger: via === 'window-open' ? { kind: 'click' } : { kind: 'load' },
    proofs:
      via === 'iframe'
        ? [{ kind: 'page-marker' }, { kind: 'requested', url: target }]
        : [...(via === 'window-open' ? [opened] : []), { kind: 'tab-at', url: target }],
    allowed: none,
    outcome: via === 'iframe' ? { tab: { none: true } } : { tabLeftOpen: target },
  }
}

/** The person's click reached Tendril's control: the page saw a trusted click land on the host. */
const clickLanded: Proof = {
  kind: 'page-marker',
  check: (d) =>
    d?.clicks?.some((c: { trusted: boolean; on: string }) => c.trusted && c.on === 'tendril-ui') ? undefined : `no trusted click landed on Tendril’s control: ${JSON.stringify(d?.clicks)}`,
}

/** Buds the flood lists that are not on the plain bud's path: another story's root, the hostile
 * story's bud, and one nobody wrote. */
const floodFakes = (w: World) => [w.buds.other, w.buds.hostile, `at://${didOf(w.buds.plain)}/ink.branchline.bud/3kfloodfakebud`]

/** The longest pause between two of the page's own animation frames that still counts as usable:
 * well under what a reader notices as a hang, far above one frame (here the flood's longest gap
 * is one 60 Hz frame, ~17 ms). */
const FLOOD_MAX_FRAME_GAP_MS = 250

/** The suite's source post with an attack script (`?hostile=<variant>`, sites/hostile.ts). */
const onSource = (w: World, variant: string, extra: Record<string, string> = {}) => `${w.source.pageUrl}?${new URLSearchParams({ hostile: variant, ...extra })}`

/** The person's click reached Tendril's prompt: the page saw a trusted click land on its host. */
const promptClickLanded: Proof = {
  kind: 'page-marker',
  check: (d) =>
    d?.clicks?.some((c: { trusted: boolean; on: string; fake: boolean }) => c.trusted && c.on === 'tendril-ui' && !c.fake)
      ? undefined
      : `no trusted click landed on Tendril’s prompt: ${JSON.stringify(d?.clicks)}`,
}

/** A backlink prompt page that must write nothing. */
const promptAttacked = (w: World): RequestRule[] => sourceLookups(w)

const reader = (w: World) => w.sandbox.seed.reader
const writer = (i: number) => (w: World) => w.sandbox.seed.writers[i]!

export const HOSTILE_PAGES: HostilePage[] = [
  forgedRedirect('forged-redirect-window-open', 'window.open of the loopback OAuth callback with a forged state, while no sign-in waits', 'window-open'),
  forgedRedirect(
    'forged-redirect-window-open-while-signing-in',
    'window.open of a forged loopback callback while a real sign-in waits; the person then finishes the real one',
    'window-open',
    reader,
  ),
  forgedRedirect('forged-redirect-location', 'the attacker’s own tab sets location to a forged loopback callback, while no sign-in waits', 'location'),
  forgedRedirect(
    'forged-redirect-location-while-signing-in',
    'the attacker’s own tab sets location to a forged loopback callback while a real sign-in waits',
    'location',
    writer(0),
  ),
  forgedRedirect('forged-redirect-meta-refresh', 'a <meta http-equiv=refresh> (no script) sends the tab to a forged loopback callback, while no sign-in waits', 'meta-refresh'),
  forgedRedirect(
    'forged-redirect-meta-refresh-while-signing-in',
    'a <meta http-equiv=refresh> sends the tab to a forged loopback callback while a real sign-in waits',
    'meta-refresh',
    writer(1),
  ),
  forgedRedirect('forged-redirect-iframe', 'an iframe whose source is a forged loopback callback, while no sign-in waits', 'iframe'),
  forgedRedirect('forged-redirect-iframe-while-signing-in', 'an iframe whose source is a forged loopback callback while a real sign-in waits', 'iframe', writer(2)),
  {
    name: 'tendril-shaped-messages',
    trick: 'postMessage, MessageEvents and CustomEvents shaped like Tendril requests (auth.signIn attacker.test, settings.set, …) on a bud page',
    url: (w) => at(w, w.buds.plain, 'tendril-messages', { ext: w.extensionId }),
    trigger: { kind: 'run' },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker', check: (d) => (d?.sent > 0 ? undefined : 'sent nothing') }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain } },
  },
  {
    name: 'locationchange-flood',
    trick: 'fake wxt:locationchange events (plain and under the extension-derived names WXT listens for) on a bud page: 3000 rounds at once, then 25 spaced 120 ms apart',
    url: (w) => at(w, w.buds.flood, 'locationchange-flood', { ext: w.extensionId, times: '3000', trickle: '25' }),
    trigger: { kind: 'run' },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker', check: (d) => (d?.fired >= 3000 ? undefined : 'fired too few') }],
    allowed: (w, at) => budLookups(w, at, w.buds.flood),
    outcome: { tab: { bud: (w) => w.buds.flood } },
  },
  {
    name: 'runtime-send-message',
    trick: 'the page calls chrome.runtime.sendMessage / connect with Tendril’s id (there is no externally_connectable)',
    url: (w) => at(w, w.buds.plain, 'runtime-message', { ext: w.extensionId }),
    trigger: { kind: 'load' },
    proofs: [
      {
        kind: 'page-marker',
        check: (d) =>
          [d?.sendMessage, d?.connect].every((r: unknown) => typeof r === 'string' && (r === 'no-runtime' || r.startsWith('refused')))
            ? undefined
            : `the page reached the extension: ${JSON.stringify(d)}`,
      },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain } },
  },
  {
    name: 'spoofed-bud-uri',
    trick: 'a bud page whose rendered path (data-bud-uri) names a bud of another story',
    url: (w) => at(w, w.buds.plain, 'spoofed-bud-uri', { spoof: w.buds.other }),
    trigger: { kind: 'load' },
    proofs: [{ kind: 'page-marker' }, { kind: 'described', bud: (w) => w.buds.plain }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, neverMentions: (w) => [w.buds.other] },
  },
  {
    name: 'lookalike-host',
    trick: 'a real bud page served at branchline.ink.example.test',
    url: (w) => budPageUrl(w.buds.plain)!.replace('https://branchline.ink/', 'https://branchline.ink.example.test/'),
    trigger: { kind: 'load' },
    proofs: [{ kind: 'selector', selector: 'li[data-bud-uri]' }],
    allowed: none,
    outcome: { noContentScript: true, tab: { none: true }, popup: 'none' },
  },
  {
    name: 'hostile-bud-text',
    trick: 'a real bud whose title, text and story title are script and HTML (written to the PDS), opened with the real popup',
    url: (w) => budPageUrl(w.buds.hostile)!,
    trigger: { kind: 'load' },
    proofs: [{ kind: 'described', bud: (w) => w.buds.hostile }],
    allowed: (w, at) => budLookups(w, at, w.buds.hostile),
    outcome: {
      tab: { bud: (w) => w.buds.hostile, title: HOSTILE_BUD_TITLE, storyTitle: HOSTILE_STORY_TITLE },
      popup: 'bud',
      toolbarContains: [HOSTILE_BUD_TITLE, HOSTILE_STORY_TITLE],
    },
  },
  {
    name: 'overlong-bud-uri',
    trick: 'in-app navigation to a bud URL whose actor is 10 000 characters long',
    url: (w) => at(w, w.buds.plain, 'in-app-push'),
    trigger: { kind: 'push', urls: (w) => [`/bud/${'a'.repeat(9_995)}.test/${rkeyOf(w.buds.plain)}`] },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker' }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain, { max: 2 * 2, visits: 2 }),
    outcome: {},
  },
  {
    name: 'doubly-encoded-bud-uri',
    trick: 'in-app navigation to /bud/did%253Aplc%253A…/<rkey>: another bud, but only if decoded twice',
    url: (w) => at(w, w.buds.plain, 'in-app-push'),
    trigger: {
      kind: 'push',
      urls: (w) => [`/bud/${encodeURIComponent(encodeURIComponent(didOf(w.buds.other)))}/${rkeyOf(w.buds.other)}`],
    },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker' }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain, { max: 2 * 2, visits: 2 }),
    outcome: { neverMentions: (w) => [w.buds.other] },
  },
  {
    name: 'malformed-bud-uris',
    trick: 'in-app navigation through malformed bud URLs: broken percent-encoding, an AT-URI as actor, encoded slashes, NUL, a 600-char rkey',
    url: (w) => at(w, w.buds.plain, 'in-app-push'),
    trigger: {
      kind: 'push',
      urls: (w) => {
        const did = didOf(w.buds.plain)
        const rkey = rkeyOf(w.buds.plain)
        return [
          `/bud/%E0%A4%A/${rkey}`,
          `/bud/${encodeURIComponent(w.buds.other)}/${rkey}`,
          `/bud/${did}/${rkey}%2F..%2F..%2Fxrpc`,
          `/bud/%00${did}/${rkey}`,
          `/bud/${did}/${'3k'.repeat(300)}`,
        ]
      },
    },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker' }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain, { max: 2 * 6, visits: 6 }),
    outcome: { neverMentions: (w) => [w.buds.other] },
  },
  {
    name: 'bud-page-in-iframe',
    trick: 'a real bud page inside an iframe on hostile.example',
    url: (w) => hostile('iframe', `?to=${encodeURIComponent(budPageUrl(w.buds.plain)!)}`),
    trigger: { kind: 'load' },
    proofs: [{ kind: 'page-marker' }, { kind: 'requested', url: (w) => budPageUrl(w.buds.plain)! }],
    allowed: none,
    outcome: { tab: { none: true }, popup: 'none' },
  },
  {
    name: 'huge-dom',
    trick: 'a bud page with 100 000 elements, each a distinct well-formed bud AT-URI in data-bud-uri',
    url: (w) => at(w, w.buds.plain, 'huge-dom', { nodes: '100000' }),
    trigger: { kind: 'load' },
    proofs: [
      { kind: 'page-marker', check: (d) => (d?.nodes >= 100_000 ? undefined : `only ${d?.nodes} nodes`) },
      { kind: 'described', bud: (w) => w.buds.plain },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain } },
  },
  {
    name: 'pushstate-storm',
    trick: 'history.pushState through 300 bud and handle URLs in one burst, ending at another bud',
    url: (w) =>
      at(w, w.buds.plain, 'pushstate-storm', {
        rounds: '300',
        to: pathOf(budPageUrl(w.buds.final)!),
        paths: JSON.stringify([
          `/bud/${w.plainAuthor.handle}/${rkeyOf(w.buds.plain)}`,
          pathOf(budPageUrl(w.buds.other)!),
          '/bud/nobody.test/3kaaaaaaaaaaa',
          '/',
          `${pathOf(budPageUrl(w.buds.plain)!)}#bud-${rkeyOf(w.buds.plain)}`,
        ]),
      }),
    trigger: { kind: 'run' },
    proofs: [{ kind: 'page-marker' }, { kind: 'described', bud: (w) => w.buds.final }],
    // The bud the page loaded at, then the one the storm ends at: nothing in between.
    allowed: (w, at) => [...budLookups(w, at, w.buds.plain), ...budLookups(w, at, w.buds.final)],
    outcome: { tab: { bud: (w) => w.buds.final }, neverMentions: (w) => [w.buds.other] },
  },
  {
    name: 'content-script-silenced',
    trick: 'the page announces a newer copy of Tendril’s content script (WXT’s own event, named from the public extension id), which shuts the real one down, then navigates in-app to another bud',
    url: (w) => at(w, w.buds.plain, 'content-script-killed', { ext: w.extensionId, to: pathOf(budPageUrl(w.buds.final)!) }),
    trigger: { kind: 'run' },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker', check: (d) => (d?.pushed ? undefined : 'did not navigate') }],
    // The bud the page loaded at, then the one it moved to: the browser reports the move even
    // though the content script no longer does.
    allowed: (w, at) => [...budLookups(w, at, w.buds.plain), ...budLookups(w, at, w.buds.final)],
    outcome: { tab: { bud: (w) => w.buds.final } },
  },
  // The in-page shell. These run signed in (the "while signing in" pages above leave four accounts
  // signed in, the last one active): signed out, a click would only keep an intent and open the
  // sign-in page, which says nothing about writes. First the click itself, unattacked, to show it
  // writes; then the same click on attacked controls must write nothing.
  {
    name: 'click-control-baseline',
    trick: 'none: a person clicks the bookmark control of an unattacked bud page (the proof that the trigger the attacked pages use would write)',
    url: (w) => at(w, w.buds.plain, 'watch-clicks'),
    trigger: { kind: 'click-control' },
    proofs: [clickLanded],
    allowed: (w, at) => [...oneBookmarkWrite(w, at, w.buds.plain), ...budLookups(w, at, w.buds.plain)],
    outcome: { tab: { bud: (w) => w.buds.plain }, controlsOnPathOnly: true, bookmarked: (w) => w.buds.plain },
  },
  {
    name: 'cover-control',
    trick: 'clickjacking: a “▶ Play” decoy laid over each Tendril control with pointer-events: none; a person clicks the decoy and the click goes through to the control',
    url: (w) => at(w, w.buds.plain, 'cover-control'),
    trigger: { kind: 'click-control' },
    proofs: [
      clickLanded,
      { kind: 'page-marker', check: (d) => (d?.covered > 0 ? undefined : 'covered no control') },
      { kind: 'refused', reasons: ['hidden', 'covered'] },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, controlsOnPathOnly: true, bookmarksUnchanged: true },
  },
  {
    name: 'cover-control-faint',
    trick: 'the same decoy over each control at opacity 0.05 (a film the reader barely sees), clicked through',
    url: (w) => at(w, w.buds.plain, 'cover-control', { look: 'faint' }),
    trigger: { kind: 'click-control' },
    proofs: [
      clickLanded,
      { kind: 'page-marker', check: (d) => (d?.covered > 0 ? undefined : 'covered no control') },
      { kind: 'refused', reasons: ['hidden', 'covered'] },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, controlsOnPathOnly: true, bookmarksUnchanged: true },
  },
  ...(['li-opacity', 'li-filter', 'host-style'] as const).map(
    (how): HostilePage => ({
      name: how === 'li-opacity' ? 'fade-control' : `fade-control-${how}`,
      trick: {
        'li-opacity': 'each control’s li faded to opacity 0.05, then a person clicks where the control is',
        'li-filter': 'each control’s li faded by filter: opacity(0.05), then a person clicks where the control is',
        'host-style': 'Tendril’s host element restyled through its style attribute (opacity 0.01 !important), then a person clicks where the control is',
      }[how],
      url: (w) => at(w, w.buds.plain, 'fade-control', { how }),
      trigger: { kind: 'click-control' },
      proofs: [
        clickLanded,
        { kind: 'page-marker', check: (d) => (d?.faded > 0 ? undefined : 'faded no control') },
        { kind: 'refused', reasons: ['hidden'] },
      ],
      allowed: (w, at) => budLookups(w, at, w.buds.plain),
      outcome: { tab: { bud: (w) => w.buds.plain }, controlsOnPathOnly: true, bookmarksUnchanged: true },
    }),
  ),
  {
    name: 'remove-control',
    trick: 'every Tendril control removed the moment it is drawn, again each time it is redrawn; a person clicks where the control was',
    url: (w) => at(w, w.buds.plain, 'remove-control'),
    trigger: { kind: 'click-control' },
    proofs: [
      // A trusted click reached the page where the control was (there is nothing of Tendril's left to land on).
      { kind: 'page-marker', check: (d) => (d?.clicks?.some((c: { trusted: boolean }) => c.trusted) ? undefined : `no trusted click reached the page: ${JSON.stringify(d?.clicks)}`) },
      // Every bud's control was drawn and removed, and Tendril gave up after a few redraws (at
      // most 3 per li, lib/shell/selector-observer.ts) rather than fight the page for ever; and
      // none was drawn anywhere but beside the page's own buds.
      {
        kind: 'page-marker',
        check: (d) => {
          const per: number[] = d?.removedPerBud ?? []
          const ok = d?.buds > 0 && per.length === d.buds && per.every((n) => n >= 1 && n <= 4) && d.removed === per.reduce((a, b) => a + b, 0)
          return ok ? undefined : `want each of the page's buds' controls drawn (and removed) 1 to 4 times, nothing else: ${JSON.stringify(d)}`
        },
      },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, bookmarksUnchanged: true },
  },
  {
    name: 'mutation-flood',
    trick: '3 s of DOM churn every frame: 400 elements replaced, attributes toggled on every bud’s li, fake li[data-bud-uri] for buds off the path swapped in and flipped',
    url: (w) => at(w, w.buds.plain, 'mutation-flood', { fakes: JSON.stringify(floodFakes(w)) }),
    trigger: { kind: 'run' },
    proofs: [
      { kind: 'content-script' },
      {
        kind: 'page-marker',
        check: (d) => {
          if (!(d?.mutations > 100_000 && d.fakesAdded > 0)) return `the flood was too small: ${JSON.stringify(d)}`
          if (!(d.buds > 0 && d.controlsBefore === d.buds)) return `Tendril’s controls were not all drawn before the flood: ${JSON.stringify(d)}`
          return undefined
        },
      },
      // Usable: the page's own frames kept coming (no gap over FLOOD_MAX_FRAME_GAP_MS, during the
      // flood or the second after), Tendril drew nothing beside a fake bud at any moment, and its
      // real controls are all still there afterwards. (The runner's page.evaluate calls, which
      // read this marker, are the round trip: a hung page fails them.)
      {
        kind: 'page-marker',
        check: (d) => {
          const problems = [
            d.floodMaxGapMs > FLOOD_MAX_FRAME_GAP_MS && `a ${d.floodMaxGapMs} ms frame gap during the flood`,
            d.afterMaxGapMs > FLOOD_MAX_FRAME_GAP_MS && `a ${d.afterMaxGapMs} ms frame gap after it`,
            d.controlsBesideFakes > 0 && `${d.controlsBesideFakes} control(s) drawn beside fake buds`,
            d.controlsAfter !== d.buds && `${d.controlsAfter} controls for ${d.buds} buds after the flood`,
          ].filter(Boolean)
          return problems.length ? `${problems.join('; ')} (${JSON.stringify(d)})` : undefined
        },
      },
    ],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, controlsOnPathOnly: true, bookmarksUnchanged: true, neverMentions: floodFakes },
  },
  // The content script asks for its marks again on `visibilitychange` (the reader returning to the
  // tab), and each ask lists the account's bookmarks at the PDS. A page can fire that event itself:
  // one page load may cost one list, not one per event.
  {
    name: 'visibilitychange-flood',
    trick: '100 synthetic visibilitychange events on the document of a visible bud page (the content script asks for its marks again when the reader returns to the tab)',
    url: (w) => at(w, w.buds.plain, 'visibility-flood', { times: '100' }),
    trigger: { kind: 'run' },
    proofs: [{ kind: 'content-script' }, { kind: 'page-marker', check: (d) => (d?.fired >= 100 && d.visibility === 'visible' ? undefined : JSON.stringify(d)) }],
    allowed: (w, at) => budLookups(w, at, w.buds.plain),
    outcome: { tab: { bud: (w) => w.buds.plain }, bookmarksUnchanged: true },
  },
  // The backlink prompt on a source page (a writer's Bluesky post citing one eprint): the same
  // person's click on its Add button, on attacked prompts (none may write), and then on an
  // unattacked one, which must create the backlink. The unattacked page runs last: once the
  // backlink exists, the prompt no longer offers it.
  {
    name: 'backlink-prompt-covered',
    trick: 'clickjacking: a “▶ Play” decoy laid over Tendril’s backlink prompt with pointer-events: none; a person clicks Add through it',
    url: (w) => onSource(w, 'prompt-cover'),
    trigger: { kind: 'prompt', click: 'real' },
    proofs: [
      promptClickLanded,
      { kind: 'page-marker', check: (d) => (d?.covered > 0 ? undefined : 'covered no prompt') },
      { kind: 'prompt-refused', reasons: ['hidden', 'covered'] },
    ],
    allowed: promptAttacked,
    outcome: { backlinksUnchanged: true },
  },
  ...(['host-style', 'root-filter'] as const).map(
    (how): HostilePage => ({
      name: how === 'host-style' ? 'backlink-prompt-faded' : `backlink-prompt-faded-${how}`,
      trick: {
        'host-style': 'Tendril’s prompt host restyled through its style attribute (opacity 0.01 !important), then a person clicks where its Add button is',
        'root-filter': 'filter: opacity(0.05) on <html>, the prompt’s only ancestor, then a person clicks where its Add button is',
      }[how],
      url: (w) => onSource(w, 'prompt-fade', { how }),
      trigger: { kind: 'prompt', click: 'real' },
      proofs: [
        promptClickLanded,
        { kind: 'page-marker', check: (d) => (d?.faded > 0 ? undefined : 'faded no prompt') },
        { kind: 'prompt-refused', reasons: ['hidden'] },
      ],
      allowed: promptAttacked,
      outcome: { backlinksUnchanged: true },
    }),
  ),
  {
    name: 'backlink-prompt-removed',
    trick: 'the page takes Tendril’s prompt out of the document after it has been on screen; a person clicks where its Add button was',
    url: (w) => onSource(w, 'prompt-remove'),
    trigger: { kind: 'prompt', run: true, click: 'real' },
    proofs: [
      { kind: 'page-marker', check: (d) => (d?.clicks?.some((c: { trusted: boolean }) => c.trusted) ? undefined : `no trusted click reached the page: ${JSON.stringify(d?.clicks)}`) },
      { kind: 'page-marker', check: (d) => (d?.removed >= 1 ? undefined : `removed no prompt: ${JSON.stringify(d)}`) },
    ],
    allowed: promptAttacked,
    outcome: { backlinksUnchanged: true },
  },
  {
    name: 'backlink-prompt-put-back',
    trick: 'the page takes Tendril’s prompt away, then puts it back where it was the moment the pointer moves, just before the press: the click lands on a prompt on screen for a few milliseconds',
    url: (w) => onSource(w, 'prompt-remove', { back: 'pointer' }),
    trigger: { kind: 'prompt', run: true, click: 'real' },
    proofs: [
      promptClickLanded,
      { kind: 'page-marker', check: (d) => (d?.removed >= 1 && d.putBack >= 1 ? undefined : `did not remove and put back the prompt: ${JSON.stringify(d)}`) },
      { kind: 'prompt-refused', reasons: ['hidden', 'too-soon'] },
    ],
    allowed: promptAttacked,
    outcome: { backlinksUnchanged: true },
  },
  {
    name: 'source-pushstate-storm',
    trick: 'history.pushState through 300 addresses of other posts (citing eprints and not) and a profile in one burst, ending back at the post the page loaded at',
    url: (w) => {
      const loaded = new URL(onSource(w, 'pushstate-storm', { rounds: '300' }))
      const others = w.sandbox.seed.sources.concat(w.sandbox.seed.decoys).filter((s) => s.pageUrl.startsWith('https://bsky.app/') && s.uri !== w.source.uri)
      loaded.searchParams.set('paths', JSON.stringify([...others.map((s) => pathOf(s.pageUrl)), `/profile/${w.sandbox.seed.writers[0]!.handle}`]))
      loaded.searchParams.set('to', `${loaded.pathname}${loaded.search}`)
      return loaded.href
    },
    trigger: { kind: 'prompt', run: true },
    proofs: [{ kind: 'page-marker', check: (d) => (d?.pushed === 301 ? undefined : `did not push: ${JSON.stringify(d)}`) }],
    // The post, at the address the page loaded at and at the one the storm ends at (another query
    // string: looked at afresh); none of the posts the storm went through.
    allowed: (w) => sourceLookups(w, { examinations: 2 }),
    outcome: { backlinksUnchanged: true, promptIntact: true },
  },
  {
    name: 'backlink-synthetic-click',
    trick: 'untrusted clicks, pointer and mouse events, Enter and Space key presses and .click() at every tendril-ui host, and clicks at a grid of points over the backlink prompt',
    url: (w) => onSource(w, 'prompt-synthetic'),
    trigger: { kind: 'prompt', run: true },
    proofs: [
      {
        kind: 'page-marker',
        check: (d) =>
          d?.prompts === 1 && d.dispatched > 50 && d.atPrompt > 0 && d.received > 0 ? undefined : `the events did not reach Tendril’s prompt: ${JSON.stringify({ ...d, clicks: undefined })}`,
      },
    ],
    allowed: promptAttacked,
    outcome: { backlinksUnchanged: true, promptIntact: true },
  },
  ...(['open', 'plain'] as const).map(
    (look): HostilePage => ({
      name: look === 'open' ? 'backlink-fake-prompt' : `backlink-fake-prompt-${look}`,
      trick: `the page draws its own <tendril-ui data-tendril="backlink-prompt"> (${look === 'open' ? 'in an open shadow root' : 'plain DOM'}) with an “Add a backlink” button, which passes the person’s click on to Tendril’s prompt as untrusted clicks and Tendril-shaped messages`,
      url: (w) => onSource(w, 'prompt-fake', { look }),
      trigger: { kind: 'prompt', click: 'fake' },
      proofs: [
        {
          kind: 'page-marker',
          check: (d) =>
            d?.fakeClicks?.some((c: { trusted: boolean }) => c.trusted) && d.forwarded > 0 ? undefined : `the person’s click did not reach the lookalike, or it passed nothing on: ${JSON.stringify(d)}`,
        },
      ],
      allowed: promptAttacked,
      outcome: { backlinksUnchanged: true, promptIntact: true },
    }),
  ),
  {
    name: 'backlink-prompt-baseline',
    trick: 'none: a person clicks Add on Tendril’s backlink prompt on an unattacked source page (the proof that the trigger the attacked prompt pages use would write)',
    url: (w) => onSource(w, 'prompt-watch-clicks'),
    trigger: { kind: 'prompt', click: 'real' },
    proofs: [promptClickLanded],
    allowed: (w, at) => [...oneBacklinkWrite(w, at), ...sourceLookups(w, { examinations: 2 })],
    outcome: { backlinked: true },
  },
]
