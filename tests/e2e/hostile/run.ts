// Runs one hostile page against Tendril and returns every way it failed (empty = passed): the
// page's own proofs of arrival and outcome, then the common requirements (verdicts.ts). Failures
// are collected rather than thrown at the first, so a report says everything a page found.

import type { Page } from 'puppeteer-core'
import type { TabState } from '../../../lib/messages.ts'
import { parseBudPageUrl } from '../../../lib/sites/branchline.ts'
import type { RecordedRequest } from '../../sandbox/request-log.ts'
import { control } from '../../setup/sandbox.ts'
import { deleteBookmark, listBookmarks, type StoredBookmark } from '../../setup/repo.ts'
import { isExtensionRequest, type RequestRule } from './attribution.ts'
import type { HostileDriver, Toolbar } from './driver.ts'
import type { HostilePage, PageStart, Proof } from './pages.ts'
import { fakeAddPoint, seePrompt, tendrilPrompts, type PromptSeen } from './prompt.ts'
import { snapshotState } from './state.ts'
import { beaconFailures, consoleFailures, parseWitnessed, requestFailures, stateFailures } from './verdicts.ts'
import type { World } from './world.ts'

const PROOF_TIMEOUT_MS = 10_000
/** The extension is considered done once it has sent nothing new for this long. */
const QUIET_MS = 1_000
const SETTLE_MAX_MS = 8_000
const PRE_QUIET_MAX_MS = 30_000
/** What a person takes between seeing a control and pressing it: longer than the shell's own
 * minimum (MIN_VISIBLE_MS, 500 ms), so a refusal is never just "too soon". */
const LOOK_BEFORE_CLICK_MS = 800
/** After the click, for its handler (and the page's own listener) to have run. */
const AFTER_CLICK_MS = 300
/** After the page's own attack (`__hostile.run()`), before the person's click: long enough for the
 * browser's visibility tracking (100 ms checks) to have seen what the page did. */
const AFTER_RUN_MS = 300

/** Tendril's bookmark control, as the page's DOM shows its host. */
const CONTROL = 'tendril-ui[data-tendril="bookmark"]'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` until it gives a value; undefined after the timeout. */
async function within<T>(check: () => Promise<T | undefined>, ms = PROOF_TIMEOUT_MS): Promise<T | undefined> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    await sleep(100)
  }
  return undefined
}

/** Waits until the extension has sent nothing for `quietMs` (at the sandbox or in the browser's
 * witness); false if it is still busy after `maxMs`. */
async function extensionQuiet(driver: HostileDriver, quietMs: number, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs
  const seq = (await recordedSince(Number.MAX_SAFE_INTEGER)).next
  const mark = driver.mark()
  let count = 0
  let quietSince = Date.now()
  while (Date.now() < deadline) {
    await sleep(200)
    const { requests } = await recordedSince(seq)
    const now = requests.filter((r) => isExtensionRequest(r, driver.extensionOrigin)).length + driver.extensionRequestsSince(mark).length
    if (now !== count) {
      count = now
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= quietMs) return true
  }
  return false
}

async function recordedSince(since: number): Promise<{ requests: RecordedRequest[]; next: number }> {
  return control('GET', `/requests?since=${since}`)
}

/** What the extension may do because the harness opened the real popup while signed in: confirm
 * the session with the PDS (and refresh it if due). Not the page's doing. */
function popupRules(w: World): RequestRule[] {
  const host = new URL(w.sandbox.pdsUrl).host
  return [
    // Counts include the CORS preflight (OPTIONS) Chromium sends before each of these.
    { why: 'the popup confirms the session', host, pathname: '/xrpc/com.atproto.server.getSession', max: 4 },
    { why: 'a due token refresh', host, pathname: '/oauth/token', max: 2 },
    { why: 'server metadata for the session', host, pathname: '/.well-known/oauth-protected-resource', max: 1 },
    { why: 'server metadata for the session', host, pathname: '/.well-known/oauth-authorization-server', max: 1 },
  ]
}

export async function runHostilePage(driver: HostileDriver, w: World, def: HostilePage): Promise<string[]> {
  const failures: string[] = []
  const fail = (message: string) => failures.push(message)
  const send = driver.send.bind(driver)
  const tabState = async (tabId: number | undefined) => {
    if (tabId === undefined) return undefined
    const reply = await send({ type: 'tab.get', tabId })
    return reply.ok ? reply.value : undefined
  }

  // A real sign-in waiting for the reader, started as a person does, from the popup.
  let authPage: Page | undefined
  const signingIn = def.signInWaiting?.(w)
  if (signingIn) {
    const over = await driver.open(w.sandbox.seed.blogUrl)
    authPage = await driver.startSignIn(over, signingIn.handle)
    const waiting = await within(async () => {
      const reply = await send({ type: 'auth.state' })
      return reply.ok && reply.value.signIn?.status === 'waiting' ? true : undefined
    })
    if (!waiting) throw new Error('setup: the sign-in is not waiting')
  }

  // An earlier page's aftermath (a flood the worker is still working through) must not be blamed
  // on this one: start only once the extension has gone quiet.
  // (The previous page already waited QUIET_MS before it was judged, so a short look is enough.)
  if (!(await extensionQuiet(driver, 300, PRE_QUIET_MAX_MS))) {
    fail(`setup: the extension was still sending requests ${PRE_QUIET_MAX_MS / 1000} s after the previous page closed`)
  }
  const before = await snapshotState(driver)
  const at: PageStart = { activeDid: before.auth.activeDid }
  // The active account's bookmarks as its PDS holds them, for pages that promise no write (a third
  // witness beside the two request logs) or exactly one.
  const account = w.accounts.find((a) => a.did === at.activeDid)
  const repoWatched = def.outcome.bookmarksUnchanged || def.outcome.bookmarked
  if (repoWatched && !account) fail(`setup: the page needs a signed-in account of the suite, and the active one is ${at.activeDid}`)
  const bookmarksBefore = repoWatched && account ? await listBookmarks(w.sandbox.pdsUrl, account.did) : []
  const chiveWatched = def.outcome.backlinksUnchanged || def.outcome.backlinked
  if (chiveWatched && !account) fail(`setup: the page needs a signed-in account of the suite, and the active one is ${at.activeDid}`)
  if (chiveWatched && at.activeDid === w.source.owner) fail(`setup: the active account wrote the source post (${at.activeDid}): its prompt would offer "Add this one" and automatic backlinks`)
  const backlinksBefore = chiveWatched ? await chiveBacklinks() : []
  const seq = (await recordedSince(Number.MAX_SAFE_INTEGER)).next
  const mark = driver.mark()

  const page = await driver.open(def.url(w))
  // A tab the worker closes at once (a forged redirect, on builds that act on it) has no id left
  // to ask about: say so, and skip what needs it; the page's other checks still run.
  const tabId = await driver.tabIdOf(page).catch(() => undefined)
  if (tabId === undefined) fail('the attacked tab was closed before Tendril’s view of it could be read')
  const initialBud = parseBudPageUrl(def.url(w))?.uri
  const describedBud = async () => {
    const state = await tabState(tabId)
    return state?.page.kind === 'bud' ? state.page.bud.uri : undefined
  }
  const described = (bud: string) => within(async () => ((await describedBud()) === bud ? (true as const) : undefined))
  const toolbarIs = (test: (t: Toolbar) => boolean) =>
    within(async () => (tabId !== undefined && test(await driver.toolbar(tabId)) ? true : undefined))

  // The attack.
  const trigger = def.trigger
  if (trigger.kind === 'click') await driver.click(page, '#attack')
  if (trigger.kind === 'run' || trigger.kind === 'push' || trigger.kind === 'click-control') {
    if (!initialBud || !(await described(initialBud))) fail(`setup: the worker never described the bud the page is at (${initialBud})`)
  }
  if (trigger.kind === 'run') await page.evaluate(() => (window as unknown as { __hostile: { run(): void } }).__hostile.run())
  if (trigger.kind === 'click-control' && initialBud) {
    const point = await controlPoint(page, initialBud)
    if (typeof point === 'string') fail(`setup: ${point}`)
    else {
      await driver.clickAt(page, point)
      await sleep(AFTER_CLICK_MS)
    }
  }
  let promptFound: PromptSeen | undefined
  if (trigger.kind === 'prompt') {
    const problem = await promptTrigger(driver, page, trigger, (seen) => (promptFound = seen))
    if (problem) fail(`setup: ${problem}`)
  }
  if (trigger.kind === 'push') {
    const home = new URL(def.url(w))
    for (const url of trigger.urls(w)) {
      if (!(await toolbarIs((t) => t.badge !== ''))) fail('setup: the toolbar does not show the real bud')
      await page.evaluate((u) => (window as unknown as { __hostile: { push(u: string): void } }).__hostile.push(u), url)
      if (!(await toolbarIs((t) => t.badge === '')))
        fail(`proof of arrival: the toolbar still shows the previous bud after in-app navigation to ${url.slice(0, 120)}${url.length > 120 ? '…' : ''} (the worker did not see it, or did not clear the tab)`)
      await page.evaluate((u) => (window as unknown as { __hostile: { push(u: string): void } }).__hostile.push(u), home.pathname + home.search)
    }
  }

  for (const proof of def.proofs) {
    const problem = await checkProof(driver, w, page, proof, described, initialBud)
    if (problem) fail(`proof of arrival: ${problem}`)
  }

  // What the page left behind.
  const outcome = def.outcome
  let popupOpened = false
  if (outcome.popup && !page.isClosed()) {
    popupOpened = true
    failures.push(...(await checkPopup(driver, page, def)))
  }
  if (outcome.noContentScript && !page.isClosed() && (await driver.contentScriptIn(page))) fail('Tendril’s content script ran on this page')
  if (outcome.toolbarContains && tabId !== undefined) {
    const title = (await driver.toolbar(tabId)).title
    for (const text of outcome.toolbarContains) if (!title.includes(text)) fail(`toolbar title lacks ${JSON.stringify(text)}: ${JSON.stringify(title)}`)
  }

  // Let the extension finish whatever the page set off, then judge.
  let recorded: RecordedRequest[] = []
  const settleUntil = Date.now() + SETTLE_MAX_MS
  let lastCount = -1
  let quietSince = Date.now()
  while (Date.now() < settleUntil) {
    recorded = (await recordedSince(seq)).requests
    const count = recorded.length + driver.extensionRequestsSince(mark).length
    if (count !== lastCount) {
      lastCount = count
      quietSince = Date.now()
    } else if (Date.now() - quietSince >= QUIET_MS) break
    await sleep(200)
  }

  if (outcome.tab && tabId !== undefined) {
    const state = await tabState(tabId)
    if ('none' in outcome.tab) {
      if (state) fail(`the worker describes this tab: ${JSON.stringify(state.page).slice(0, 300)}`)
    } else {
      const want = outcome.tab.bud(w)
      if (state?.page.kind !== 'bud' || state.page.bud.uri !== want) fail(`the worker should describe ${want}, says ${JSON.stringify(state?.page ?? null).slice(0, 300)}`)
      else {
        if (outcome.tab.title !== undefined && state.page.bud.title !== outcome.tab.title) fail(`bud title altered: ${JSON.stringify(state.page.bud.title)}`)
        if (outcome.tab.storyTitle !== undefined && state.page.bud.story.title !== outcome.tab.storyTitle) fail(`story title altered: ${JSON.stringify(state.page.bud.story.title)}`)
      }
    }
  }
  if (outcome.tabLeftOpen) {
    const url = outcome.tabLeftOpen(w)
    // (A tab that never got there is the proof's failure, reported above.)
    const reached = driver.tabUrlsSeen().some((u) => u.startsWith(url))
    if (reached && !(await driver.tabUrls()).some((u) => u.startsWith(url))) fail(`the tab at ${url} was closed: the worker acted on a redirect it did not ask for`)
  }

  if (outcome.controlsOnPathOnly && tabId !== undefined && !page.isClosed()) failures.push(...(await controlFailures(page, await tabState(tabId))))
  if (repoWatched && account) {
    const bookmarksAfter = await listBookmarks(w.sandbox.pdsUrl, account.did)
    const key = (b: StoredBookmark) => `${b.rkey} ${b.cid} ${b.subject.uri}`
    const was = new Set(bookmarksBefore.map(key))
    const added = bookmarksAfter.filter((b) => !was.has(key(b)))
    const gone = bookmarksBefore.filter((b) => !bookmarksAfter.some((a) => key(a) === key(b)))
    const changes = [...added.map((b) => `+ ${key(b)}`), ...gone.map((b) => `- ${key(b)}`)]
    if (outcome.bookmarksUnchanged && changes.length) fail(`the account’s bookmarks changed at the PDS:\n    ${changes.join('\n    ')}`)
    if (outcome.bookmarked) {
      const bud = outcome.bookmarked(w)
      if (gone.length || added.length !== 1 || added[0]!.subject.uri !== bud)
        fail(`the click should have bookmarked ${bud} (one new record at the PDS), the repo changed by: ${changes.join(', ') || 'nothing'}`)
      // Put the repo back as it was, so later pages list the same (empty) bookmarks.
      for (const b of added) await deleteBookmark(w.sandbox.pdsUrl, account, b.rkey)
    }
  }

  if (def.outcome.promptIntact && !page.isClosed()) {
    const prompts = await tendrilPrompts(page)
    const now = await seePrompt(page)
    if (prompts.length !== 1) fail(`Tendril’s prompt should be drawn once, is drawn ${prompts.length} time(s)`)
    else if (!now || !promptFound) fail('Tendril’s prompt is not readable at the end')
    else {
      if (now.text !== promptFound.text) fail(`Tendril’s prompt changed: ${JSON.stringify(promptFound.text)} → ${JSON.stringify(now.text)}`)
      if (now.refused !== null) fail(`Tendril’s prompt shows a refusal nobody caused by a click on it: ${now.refused}`)
    }
  }
  if (chiveWatched) {
    const backlinksAfter = await chiveBacklinks()
    const key = (b: ChiveRow) => JSON.stringify([b.id, b.sourceUri, b.sourceType, b.sourceDid, b.targetUri, b.deleted])
    const was = new Set(backlinksBefore.map(key))
    const now = new Set(backlinksAfter.map(key))
    const added = backlinksAfter.filter((b) => !was.has(key(b)))
    const gone = backlinksBefore.filter((b) => !now.has(key(b)))
    const changes = [...added.map((b) => `+ ${key(b)}`), ...gone.map((b) => `- ${key(b)}`)]
    if (def.outcome.backlinksUnchanged && changes.length) fail(`Chive’s backlinks changed:\n    ${changes.join('\n    ')}`)
    if (def.outcome.backlinked) {
      const row = added[0]
      const ok = gone.length === 0 && added.length === 1 && row!.sourceUri === w.source.uri && row!.targetUri === w.source.eprint && !row!.deleted
      if (!ok) fail(`the click should have created one backlink at Chive, ${w.source.uri} → ${w.source.eprint}; Chive changed by: ${changes.join(', ') || 'nothing'}`)
    }
  }

  const after = await snapshotState(driver)
  failures.push(...stateFailures(before, after))
  const signedIn = after.auth.accounts.some((a) => a.signedIn)
  failures.push(
    ...requestFailures({
      recorded,
      witnessed: parseWitnessed(driver.extensionRequestsSince(mark)),
      extensionOrigin: driver.extensionOrigin,
      rules: [...def.allowed(w, at), ...(popupOpened && signedIn ? popupRules(w) : [])],
      neverMentioned: outcome.neverMentions?.(w) ?? [],
    }),
  )
  failures.push(...beaconFailures(recorded))
  failures.push(...consoleFailures(driver.consoleErrorsSince(mark), def.expectedConsoleErrors))

  if (authPage && signingIn) {
    // The sign-in the attack tried to hijack must still be the person's to finish.
    try {
      await driver.completeSignIn(authPage, signingIn)
      const done = await within(async () => {
        const state = await send({ type: 'auth.state' })
        const account = state.ok ? state.value.accounts.find((a) => a.did === signingIn.did) : undefined
        return account?.signedIn && state.ok && state.value.signIn === null ? true : undefined
      })
      if (!done) fail(`the real sign-in did not complete after the attack: ${JSON.stringify(await send({ type: 'auth.state' }))}`)
    } catch (error) {
      fail(`the real sign-in could not be finished after the attack: ${String(error)}`)
    }
  }

  await driver.closeOpenedTabs()
  return failures
}

async function checkProof(
  driver: HostileDriver,
  w: World,
  page: Page,
  proof: Proof,
  described: (bud: string) => Promise<true | undefined>,
  bud: string | undefined,
): Promise<string | undefined> {
  switch (proof.kind) {
    case 'prompt-refused': {
      const refusal = async () => (await seePrompt(page))?.refused ?? 'no prompt'
      if (await within(async () => (proof.reasons.includes((await refusal()) ?? 'not refused') ? true : undefined), 2_000)) return undefined
      return `Tendril’s prompt should show data-refused ∈ {${proof.reasons.join(', ')}}, shows: ${(await refusal()) ?? 'not refused'}`
    }
    case 'refused': {
      if (!bud) return 'the page is not at a bud'
      const refusal = () =>
        page.evaluate(
          (uri, sel) => {
            const li = [...document.querySelectorAll('li[data-bud-uri]')].find((el) => el.getAttribute('data-bud-uri') === uri)
            const host = li && [...li.children].find((el) => el.matches(sel))
            return host ? (host.getAttribute('data-refused') ?? 'not refused') : 'no control'
          },
          bud,
          CONTROL,
        )
      // The guard marks the host in the click's own task; a short look covers a slow renderer.
      if (await within(async () => (proof.reasons.includes(await refusal()) ? true : undefined), 2_000)) return undefined
      return `the clicked control should show data-refused ∈ {${proof.reasons.join(', ')}}, shows: ${await refusal()}`
    }
    case 'page-marker': {
      const detail = await within(async () =>
        page.evaluate(() => (document.documentElement.dataset.attack === 'ran' ? (document.documentElement.dataset.attackDetail ?? 'null') : undefined)),
      )
      if (detail === undefined) return 'the page never marked its attack as run'
      return proof.check?.(JSON.parse(detail))
    }
    case 'selector':
      return (await within(async () => ((await page.$(proof.selector)) ? true : undefined))) ? undefined : `no ${proof.selector} on the page`
    case 'content-script':
      return (await within(async () => ((await driver.contentScriptIn(page)) ? true : undefined))) ? undefined : 'Tendril’s content script was not running in the tab'
    case 'tab-at': {
      const url = proof.url(w)
      return (await within(async () => (driver.tabUrlsSeen().some((u) => u.startsWith(url)) ? true : undefined)))
        ? undefined
        : `no tab ever reached ${url}`
    }
    case 'requested': {
      const url = proof.url(w)
      return (await within(async () => (driver.requestedBy(page).some((u) => u.startsWith(url)) ? true : undefined)))
        ? undefined
        : `the page never requested ${url}`
    }
    case 'described':
      return (await described(proof.bud(w))) ? undefined : `the worker never described ${proof.bud(w)} for the tab`
  }
}

/** The real popup over the attacked page: it shows no bud, or the bud's titles as plain text. */
async function checkPopup(driver: HostileDriver, page: Page, def: HostilePage): Promise<string[]> {
  const failures: string[] = []
  const popup = await driver.openPopup(page)
  try {
    if (def.outcome.popup === 'none') {
      if (!(await popup.waitForSelector('[data-testid="page-none"]', { timeout: PROOF_TIMEOUT_MS }).catch(() => null))) failures.push('the popup does not say "no bud here"')
      if (await popup.$('[data-testid="bud-summary"]')) failures.push('the popup shows a bud')
      return failures
    }
    const card = await popup.waitForSelector('[data-testid="bud-summary"]', { timeout: PROOF_TIMEOUT_MS }).catch(() => null)
    if (!card) return ['the popup shows no bud']
    const seen = await card.evaluate((el) => ({
      title: el.querySelector('.card-title')?.textContent ?? '',
      text: el.textContent ?? '',
      elements: [...el.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
    }))
    const want = def.outcome.tab && 'bud' in def.outcome.tab ? def.outcome.tab : undefined
    if (want?.title !== undefined && seen.title !== want.title) failures.push(`the popup shows the title as ${JSON.stringify(seen.title)}`)
    if (want?.storyTitle !== undefined && !seen.text.includes(want.storyTitle)) failures.push('the popup does not show the story title as text')
    const markup = seen.elements.filter((tag) => ['img', 'script', 'svg', 'iframe', 'style', 'a', 'object', 'embed'].includes(tag))
    if (markup.length) failures.push(`the popup rendered markup from the record: ${markup.join(', ')}`)
  } finally {
    await popup.close().catch(() => undefined)
  }
  return failures
}

/**
 * Where a person would click Tendril's control beside `bud` (viewport coordinates), once it has
 * been drawn and left on screen a moment — or why there is nowhere to click. A page that takes
 * controls away says so with its marker; then the point is the centre of the last line of the
 * bud's `li`, where the control sat.
 */
async function controlPoint(page: Page, bud: string): Promise<{ x: number; y: number } | string> {
  const found = await within(() =>
    page.evaluate(
      (uri, sel) => {
        const li = [...document.querySelectorAll('li[data-bud-uri]')].find((el) => el.getAttribute('data-bud-uri') === uri)
        if (!li) return undefined
        if ([...li.children].some((el) => el.matches(sel))) return 'control'
        return document.documentElement.dataset.attack === 'ran' ? 'gone' : undefined
      },
      bud,
      CONTROL,
    ),
  )
  if (!found) return `no control was drawn beside ${bud} (and the page did not say it took it away)`
  await page.bringToFront()
  const locate = () =>
    page.evaluate(
      (uri, sel) => {
        const li = [...document.querySelectorAll('li[data-bud-uri]')].find((el) => el.getAttribute('data-bud-uri') === uri)
        if (!li) return undefined
        const host = [...li.children].find((el) => el.matches(sel))
        if (host) {
          const box = host.getBoundingClientRect()
          return { x: box.left + box.width / 2, y: box.top + box.height / 2, viewport: innerHeight }
        }
        // The host sat on a line of its own after the li's content, at its start: aim there (not
        // at the content's last line, whose link would navigate the page).
        const content = [...li.children].at(-1)?.getBoundingClientRect() ?? li.getBoundingClientRect()
        return { x: content.left + 40, y: content.bottom + 13, viewport: innerHeight }
      },
      bud,
      CONTROL,
    )
  const first = await locate()
  if (!first) return `the page no longer lists ${bud}`
  // Scrolled to the middle of the viewport, as a person would bring it into view.
  await page.evaluate((dy) => window.scrollBy(0, dy), first.y - first.viewport / 2)
  await sleep(LOOK_BEFORE_CLICK_MS)
  const point = await locate()
  return point ? { x: point.x, y: point.y } : `the page no longer lists ${bud}`
}

/** Exactly one control beside each bud of the tab's path, none elsewhere. */
async function controlFailures(page: Page, state: TabState | null | undefined): Promise<string[]> {
  if (state?.page.kind !== 'bud') return ['the worker describes no bud for the tab, so no control may be drawn']
  const path = new Set(state.page.bud.path)
  const seen = await page.evaluate((sel) => {
    const items = [...document.querySelectorAll('li[data-bud-uri]')].map((li) => ({
      uri: li.getAttribute('data-bud-uri') ?? '',
      controls: [...li.children].filter((el) => el.matches(sel)).length,
    }))
    return { items, total: document.querySelectorAll(sel).length }
  }, CONTROL)
  const failures: string[] = []
  const wrong = seen.items.filter((i) => i.controls !== (path.has(i.uri) ? 1 : 0))
  if (wrong.length) failures.push(`controls beside the wrong buds (path of ${path.size}): ${wrong.slice(0, 6).map((i) => `${i.uri.slice(0, 90)} ×${i.controls}`).join(', ')}`)
  const beside = seen.items.reduce((n, i) => n + i.controls, 0)
  if (seen.total !== beside) failures.push(`${seen.total - beside} control(s) drawn outside a bud's li`)
  const onPage = new Set(seen.items.map((i) => i.uri))
  const missing = [...path].filter((uri) => !onPage.has(uri))
  if (missing.length) failures.push(`the page no longer lists ${missing.length} bud(s) of the path, so their controls cannot be checked`)
  return failures
}

interface ChiveRow {
  id: number
  sourceUri: string
  sourceType: string
  sourceDid: string
  targetUri: string
  deleted: boolean
}

/** Every backlink the Chive stand-in stores, deleted ones included (a third witness, beside the
 * two request logs). */
async function chiveBacklinks(): Promise<ChiveRow[]> {
  return (await control<{ backlinks: ChiveRow[] }>('GET', '/chive/backlinks')).backlinks
}

/**
 * The `prompt` trigger (pages.ts): Tendril's own prompt found with its Add button, the tab in front
 * and the prompt left on screen a moment, then the page's `run()` and the person's click. Returns
 * why it could not be done, if it could not.
 */
async function promptTrigger(
  driver: HostileDriver,
  page: Page,
  trigger: { run?: true; click?: 'real' | 'fake' },
  found: (seen: PromptSeen) => void,
): Promise<string | undefined> {
  // The worker reads the post's record, asks Chive and reads the eprint first: allow it a while.
  const seen = await within(async () => {
    const p = await seePrompt(page)
    return p?.add ? p : undefined
  }, 20_000)
  if (!seen?.add) return 'Tendril never drew its backlink prompt with an Add button'
  found(seen)
  await page.bringToFront()
  await sleep(LOOK_BEFORE_CLICK_MS)
  const before = (await seePrompt(page))?.add ?? seen.add
  if (trigger.run) {
    await page.evaluate(() => (window as unknown as { __hostile: { run(): unknown } }).__hostile.run())
    await sleep(AFTER_RUN_MS)
  }
  if (!trigger.click) return undefined
  let point: { x: number; y: number } | undefined
  if (trigger.click === 'fake') point = await fakeAddPoint(page)
  // Where the Add button is now, or where it was if the page took the prompt away.
  else point = (await seePrompt(page))?.add ?? before
  if (!point) return 'the page drew no lookalike prompt to click'
  await driver.clickAt(page, point)
  await sleep(AFTER_CLICK_MS)
  return undefined
}
