import { browser } from 'wxt/browser'
import { createAccountStore } from '@/lib/accounts/account-store'
import { createAccountsArea } from '@/lib/accounts/accounts-area'
import { createBranchlineClient } from '@/lib/appview/branchline-client'
import { BOOKMARK_FEATURE, createBookmarkService } from '@/lib/bookmarks/bookmark-service'
import { createUndoStore } from '@/lib/bookmarks/undo-store'
import { createBookmarkMirror, RESYNC_AT_MOST_EVERY_MS } from '@/lib/bookmarks/bookmark-mirror'
import { createBudPaths } from '@/lib/branchline/bud-paths'
import { createPdsWalk } from '@/lib/branchline/pds-walk'
import { createPdsLocator, type DidDocumentSource } from '@/lib/identity/pds-of'
import { createBookmarkHandlers } from '@/lib/worker/bookmark-handlers'
import type { BookmarkIntent } from '@/lib/bookmarks/signed-out'
import { createBookmarkGestures, createMenus } from '@/lib/worker/bookmark-gestures'
import { createBookmarkListHandlers } from '@/lib/worker/bookmark-list-handlers'
import { createChiveClient } from '@/lib/appview/chive-client'
import { createBacklinkService, dropUnsentAutomatic } from '@/lib/backlinks/backlink-service'
import { createCreatedBacklinks } from '@/lib/backlinks/created-store'
import { createCreatedList } from '@/lib/backlinks/created-list'
import { createEprintBacklinks } from '@/lib/backlinks/eprint-backlinks'
import { createEprintInfo } from '@/lib/backlinks/eprint-info'
import { createOnChive } from '@/lib/backlinks/on-chive'
import { createSourcePages } from '@/lib/backlinks/source-pages'
import { createSourceReader } from '@/lib/backlinks/source-record'
import { isSourceSiteUrl } from '@/lib/sites'
import { createBacklinkHandlers } from '@/lib/worker/backlink-handlers'
import { createPromptInjector } from '@/lib/worker/prompt-injector'
import { createSourceTabs } from '@/lib/worker/source-tabs'
import { createBacklinkGestures, createBacklinkMenu } from '@/lib/worker/backlink-gestures'
import { createPageToaster } from '@/lib/worker/page-toast'
import { createOAuthClient, createOAuthStores, webLocks } from '@/lib/atproto/oauth/client'
import { createNamedMutexes } from '@/lib/mutex'
import { clientIdentityFrom, clientMetadataFor, redirectUriFor } from '@/lib/atproto/oauth/client-metadata'
import { webcryptoKeyCodec } from '@/lib/atproto/oauth/key-codec'
import { createTabPresenter, createWebAuthFlowPresenter } from '@/lib/atproto/oauth/presenters'
import { createPdsClients } from '@/lib/atproto/pds-client'
import { createProfileLoader } from '@/lib/atproto/profile'
import { createServiceAuth } from '@/lib/atproto/service-auth'
import { createSessionService } from '@/lib/atproto/session-service'
import { getEndpoints } from '@/lib/config/endpoints'
import { createHandleResolver } from '@/lib/identity/resolve-handle'
import { createBudPageService } from '@/lib/pages/bud-page-service'
import { isBranchlineUrl } from '@/lib/sites/branchline'
import { createSettingsStore } from '@/lib/settings/settings-store'
import { openTendrilDb } from '@/lib/storage/db'
import { importStorageLocal } from '@/lib/storage/import-storage-local'
import { createTabFollower } from '@/lib/tabs/tab-follower'
import { createTabStateStore } from '@/lib/tabs/tab-state-store'
import { createAuthHandlers } from '@/lib/worker/auth-handlers'
import { createBadgePainter } from '@/lib/worker/badge'
import { createPageHandlers } from '@/lib/worker/page-handlers'
import { createRouter } from '@/lib/worker/router'
import { classifySender } from '@/lib/worker/sender'
import { createSettingsHandlers } from '@/lib/worker/settings-handlers'
import { signInArea } from '@/lib/worker/storage-items'
import { createSweeper, registerSweep } from '@/lib/worker/sweep'
import { createWritesHandlers } from '@/lib/worker/writes-handlers'
import { createWriteWaker } from '@/lib/worker/writes-wake'
import { createJournal } from '@/lib/writes/journal'
import { createIntents } from '@/lib/writes/intent'
import { createServiceCaller } from '@/lib/writes/service-call'
import { TID } from '@atproto/common-web'

// Composition root: build the services, wire the listeners, nothing else. Listeners are registered
// synchronously so a woken worker receives the event that woke it.
//
// Chromium stops this worker after 30 s idle and starts it again for nearly every click, so what it
// loads is paid over and over. What a wake costs is the bundle (parsed whole each time) plus this
// function. Nothing can be loaded later: a service worker may not `import()` (HTML spec) and WXT
// builds one classic script, so "lazy" here means "kept out of the bundle": no @atproto/api (the XRPC
// client is lib/xrpc/tendril-xrpc.ts over lexicons/ only), one zod 3 shared by the @atproto packages
// (scripts/build/one-zod-3.ts), zod/mini for Tendril's own schemas. What runs below only constructs
// objects; nothing touches the network, and the one storage read (the 0.1 import marker) is not
// awaited by any handler that does not need the database. tests/unit/worker/bundle.test.ts
// guards the bundle's contents; `npm run bench` prints its size and the wake times.
export default defineBackground(() => {
  const endpoints = getEndpoints()
  const extensionId = browser.runtime.id
  const identity = clientIdentityFrom(endpoints.oauthClientId ?? undefined)
  // Account data and consents live in IndexedDB, which no page or content script can open. The
  // first open moves what Tendril 0.1 kept in storage.local; everything waits for that move.
  const db = openTendrilDb().then(async (database) => {
    await importStorageLocal(database, browser.storage.local).catch(() => undefined)
    return database
  })
  const accounts = createAccountStore(createAccountsArea(db))
  const settings = createSettingsStore(db)
  const tabs = createTabStateStore({ area: browser.storage.session })
  const stores = createOAuthStores(db, webcryptoKeyCodec)

  const client = createOAuthClient({
    stores,
    endpoints,
    metadata: clientMetadataFor(identity, extensionId),
    keyCodec: webcryptoKeyCodec,
    requestLock: webLocks(),
    // `sessions` and `serviceAuth` are created just below; the client reports deletions later, on use.
    onSessionDeleted: (did, cause) => {
      serviceAuth.forget(did)
      void sessions.sessionDeleted(did, cause)
    },
  })
  const sessions = createSessionService({
    client,
    accounts,
    signIns: signInArea,
    requests: stores.requests,
    presenter: identity.kind === 'loopback' ? createTabPresenter(browser.tabs) : createWebAuthFlowPresenter(browser.identity),
    redirectUri: redirectUriFor(identity, extensionId),
    allowHttp: endpoints.allowHttp,
    loadProfile: createProfileLoader(client),
    // What was asked for while signed out is decided for this account; writes that waited for it
    // to sign in again go out now.
    onSignedIn: (did) =>
      void mirror
        .sync(did)
        .catch(() => undefined)
        .then(() => intents.decideFor(did))
        .finally(() => journal.drain(did)),
  })
  const pds = createPdsClients(sessions)
  const serviceAuth = createServiceAuth({ pds })
  // The one write path: every write is entered here before it is sent (lib/writes/).
  const waker = createWriteWaker({ alarms: browser.alarms, drain: () => journal.drain() })
  const journal = createJournal({
    db,
    clientFor: (did) => pds.clientFor(did),
    callServiceFor: createServiceCaller({ serviceAuth, services: { chive: { url: endpoints.chiveAppViewUrl, did: endpoints.chiveServiceDid } } }),
    // navigator.locks: one per account across every context of the extension.
    lock: webLocks() ?? createNamedMutexes(),
    wakeAt: (at) => waker.wakeAt(at),
    newId: () => TID.nextStr(),
    changed: () => badges.journalChanged(),
    // The bookmark mirror and the list of created backlinks follow Tendril's own writes from their
    // answers (no re-read).
    applied: async (entry, outcome) => {
      await mirror.fromJournal(entry, outcome)
      await createdList.fromJournal(entry, outcome)
    },
    // A move whose bookmark changed elsewhere: read again, decide once more (then report).
    conflicted: (entry) => {
      if (entry.feature === BOOKMARK_FEATURE) void bookmarks.redecide(entry, (id) => journal.discard(id)).catch(() => undefined)
    },
  })
  const mirror = createBookmarkMirror({ db, clientFor: (did) => pds.clientFor(did) })
  // Features register how they decide what was asked for while signed out (bookmarks will).
  const intents = createIntents({ db, newId: () => TID.nextStr() })
  const badges = createBadgePainter({
    action: browser.action,
    tabIds: async () => (await browser.tabs.query({})).flatMap((tab) => (tab.id === undefined ? [] : [tab.id])),
    tabState: (tabId) => tabs.get(tabId),
    failedWrites: async () => (await journal.list()).filter((e) => e.status !== 'pending').length,
  })

  const branchline = createBranchlineClient({ baseUrl: endpoints.branchlineAppViewUrl })
  // When the AppView is down or lags: the bud's author's PDS, found through the identity resolver.
  // Public records at their authors' own servers (buds when the AppView lags, backlink sources,
  // eprints), found from DID documents through the OAuth client's identity resolver.
  const pdsOf = createPdsLocator(client.identityResolver as DidDocumentSource)
  const budPaths = createBudPaths({ db, branchline, walk: createPdsWalk({ pdsOf }) })
  const bookmarks = createBookmarkService({
    journal,
    bookmarks: (did) => mirror.list(did),
    pathsOf: (uris) => budPaths.pathsOf(uris),
    subject: (uri) => budPaths.subject(uri),
    undos: createUndoStore(browser.storage.session),
    resync: (did) => mirror.sync(did),
    newRkey: () => TID.nextStr(),
    newToken: () => crypto.randomUUID(),
  })
  // A click while signed out: decided for the account that signs in next, as the click would be.
  intents.register(BOOKMARK_FEATURE, async (did, payload) => {
    const { path, title } = payload as BookmarkIntent
    await bookmarks.bookmark(did, path, title)
  })

  const resolveHandle = createHandleResolver(client.identityResolver)
  const budPages = createBudPageService({
    branchline,
    resolveHandle,
    remember: (path, views) => budPaths.remember(path, views),
  })

  // Backlinks: a source page's record read at its author's PDS and verified, Chive asked what
  // already points at each cited eprint, one decision (lib/backlinks/).
  const chive = createChiveClient({ baseUrl: endpoints.chiveAppViewUrl })
  const onChive = createOnChive({ chive })
  const backlinks = createBacklinkService({ journal, onChive, reader: createSourceReader({ pdsOf, resolveHandle }) })
  const eprints = createEprintInfo({ pdsOf })
  const created = createCreatedBacklinks(db)
  const createdList = createCreatedList({ created, journal, eprints })
  const sourcePages = createSourcePages({
    service: backlinks,
    eprints,
    created,
    journal,
    settings,
    activeDid: async () => (await accounts.read()).activeDid,
  })
  const suggestions = (tabId: number, url: string, count: number) => void badges.suggestionsState(tabId, url, count).catch(() => undefined)
  const promptInjector = createPromptInjector({ scripting: browser.scripting })
  // Source tabs are followed by the worker alone (no content script there): lib/worker/source-tabs.ts.
  const sourceTabs = createSourceTabs({
    currentUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    view: (url) => sourcePages.view(url),
    suggestions,
    showPrompt: (tabId) => promptInjector.show(tabId),
  })
  // The popup where the browser lets an extension open it; otherwise the same page in a tab.
  const openSignIn = async () => {
    try {
      await browser.action.openPopup()
    } catch {
      await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') })
    }
  }
  const toaster = createPageToaster({ scripting: browser.scripting })
  const gestures = createBookmarkGestures({
    budPages,
    placeUnknown: async (uri) => {
      const path = await budPaths.pathOf(uri)
      return path ? { path, title: (await budPaths.facts([uri])).get(uri)?.title?.trim() || 'Untitled bud' } : undefined
    },
    service: bookmarks,
    activeDid: async () => (await accounts.read()).activeDid,
    intents,
    openSignIn,
    toaster,
  })

  const follower = createTabFollower({
    budPages,
    tabs,
    onTabState: (tabId, state) => badges.drawTab(tabId, state),
  })

  const route = createRouter({
    ...createPageHandlers({
      endpoints,
      version: browser.runtime.getManifest().version,
      follower,
      tabs,
      currentUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    }),
    ...createAuthHandlers({ sessions, accounts, pds, serviceAuth, writes: journal, forgetAccount: (did) => mirror.clear(did) }),
    ...createSettingsHandlers({
      settings,
      automaticOff: async () => void (await dropUnsentAutomatic(journal)),
    }),
    ...createWritesHandlers({ journal, intents }),
    ...createBookmarkHandlers({
      service: bookmarks,
      accounts,
      journal,
      follower,
      tabs,
      intents,
      openSignIn,
      tabBookmark: (tabId, url, fact) => void badges.bookmarkState(tabId, url, fact).catch(() => undefined),
    }),
    ...createBacklinkHandlers({
      pages: sourcePages,
      eprintBacklinks: createEprintBacklinks({ chive, eprints, created }),
      createdList,
      created,
      service: backlinks,
      eprints,
      resolveHandle,
      tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
      openSetup: async () => void (await browser.tabs.create({ url: browser.runtime.getURL('/options.html#automatic') })),
      suggestions,
    }),
    ...createBookmarkListHandlers({
      service: bookmarks,
      mirror,
      paths: budPaths,
      branchline,
      accounts,
      journal,
      follower,
      tabs,
      tabUrl: async (tabId) => (await browser.tabs.get(tabId)).url,
    }),
  })
  const self = { id: extensionId, origin: browser.runtime.getURL('/') }

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    route(message, classifySender(sender, self)).then(sendResponse)
    return true // answer asynchronously
  })
  // The browser reports a URL here only for hosts Tendril has access to (Branchline, Chive, the
  // source sites, the loopback redirect): the sign-in's redirect, every address change of a
  // Branchline tab (including in-app ones a page could keep the content script from reporting), and
  // of a Bluesky, WhiteWind or Leaflet tab (the only way Tendril learns of those).
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // A source page that finished loading: the prompt's script can run in it now.
    if (change.status === 'complete' && tab.url && isSourceSiteUrl(tab.url)) sourceTabs.changed(tabId)
    if (!change.url) return
    void sessions.handleNavigation(tabId, change.url)
    badges.navigated(tabId, change.url)
    if (isBranchlineUrl(change.url)) void follower.follow(tabId, change.url)
    // bsky.app is a single-page app: its in-app navigations arrive here too.
    else if (isSourceSiteUrl(change.url)) sourceTabs.changed(tabId)
  })
  browser.tabs.onRemoved.addListener((tabId) => {
    follower.forget(tabId)
    sourceTabs.forget(tabId)
    badges.forget(tabId)
    void tabs.forget(tabId)
    void sessions.handleTabClosed(tabId)
  })
  // Bookmarks made or removed elsewhere appear when the reader comes back to the browser.
  browser.windows.onFocusChanged.addListener((windowId) => {
    if (windowId === browser.windows.WINDOW_ID_NONE) return
    void accounts
      .read()
      .then(({ activeDid }) => (activeDid ? mirror.syncIfOlder(activeDid, RESYNC_AT_MOST_EVERY_MS) : undefined))
      .catch(() => undefined)
  })
  // Bookmarking from the context menu (a bud page, or any link to a bud) and the keyboard command.
  const backlinkGestures = createBacklinkGestures({
    pages: sourcePages,
    resolveHandle,
    toaster,
    changed: (tabId) => void sourceTabs.look(tabId),
  })
  browser.runtime.onInstalled.addListener(() => {
    createMenus(browser.contextMenus)
    createBacklinkMenu(browser.contextMenus)
  })
  browser.contextMenus.onClicked.addListener((info, tab) => {
    void gestures.onMenuClicked(info, tab)
    void backlinkGestures.onMenuClicked(info, tab)
  })
  browser.commands.onCommand.addListener((command, tab) => void gestures.onCommand(command, tab))
  const sweep = createSweeper({ expiring: stores.expiring, serviceAuth, sessions })
  registerSweep(browser.alarms, sweep)
  waker.register(browser.runtime)
})
