// The bookmark service (lib/bookmarks/) as the worker builds it — the real journal, the account's
// real OAuth session, the real Branchline client — against the sandbox PDS and the Branchline
// stand-in: what each decision leaves in the account's repo (listRecords), and that the CID Tendril
// computes for a record ahead of writing it is the one the PDS gives it.
import { TID } from '@atproto/common-web'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPdsWalk } from '../../../lib/branchline/pds-walk.ts'
import { createPdsLocator, type DidDocumentSource } from '../../../lib/identity/pds-of.ts'
import { createBranchlineClient } from '../../../lib/appview/branchline-client.ts'
import { webLocks } from '../../../lib/atproto/oauth/client.ts'
import { createBookmarkMirror } from '../../../lib/bookmarks/bookmark-mirror.ts'
import { createBookmarkService, type UndoRecord } from '../../../lib/bookmarks/bookmark-service.ts'
import { recordCid } from '../../../lib/bookmarks/record-cid.ts'
import { createBudPaths } from '../../../lib/branchline/bud-paths.ts'
import { createNamedMutexes } from '../../../lib/mutex.ts'
import { createBudPageService } from '../../../lib/pages/bud-page-service.ts'
import { budPageUrl } from '../../../lib/sites/branchline.ts'
import type { RecordedRequest } from '../../sandbox/request-log.ts'
import { openTendrilDb } from '../../../lib/storage/db.ts'
import { createJournal } from '../../../lib/writes/journal.ts'
import { budRef, clearBookmarks, deleteRecord, listBookmarks, writeRecord } from '../../setup/repo.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from '../auth/client.ts'
import { signedIn, type TestSessions } from '../auth/sessions.ts'

const sb = useSandbox()
// An account no other test bookmarks with, so its repo holds exactly what this file writes.
const account = sb.seed.writers[sb.seed.writers.length - 1]!
const { demo, siblings, cousins } = sb.seed.buds
const writer = sb.seed.writers[0]!
let sessions: TestSessions

beforeAll(async () => {
  await clearBookmarks(sb.pdsUrl, account)
  sessions = await signedIn(account)
})
afterEach(async () => {
  await control('POST', '/branchline/live')
})
afterAll(async () => {
  await clearBookmarks(sb.pdsUrl, account).catch(() => undefined)
  await disposeTestClients()
})

function serviceOver() {
  const db = openTendrilDb(`bookmarks-integration-${TID.nextStr()}`)
  const journal = createJournal({
    db,
    clientFor: (did) => sessions.pds.clientFor(did),
    lock: webLocks() ?? createNamedMutexes(),
    wakeAt: () => undefined,
    newId: () => TID.nextStr(),
    answerTimeoutMs: 10_000,
    applied: (entry, outcome) => mirror.fromJournal(entry, outcome),
  })
  const mirror = createBookmarkMirror({ db, clientFor: (did) => sessions.pds.clientFor(did) })
  const branchline = createBranchlineClient({ baseUrl: sb.branchlineUrl })
  // The same identity resolver the OAuth client uses (the sandbox PLC), as in the worker.
  const walk = createPdsWalk({ pdsOf: createPdsLocator(sessions.test.client.identityResolver as DidDocumentSource) })
  const paths = createBudPaths({ db, branchline, walk })
  const undos = new Map<string, UndoRecord>()
  const service = createBookmarkService({
    journal,
    bookmarks: (did) => mirror.list(did),
    pathsOf: (uris) => paths.pathsOf(uris),
    subject: (uri) => paths.subject(uri),
    undos: { put: async (t, u) => void undos.set(t, u), take: async (t) => { const u = undos.get(t); undos.delete(t); return u } },
    newRkey: () => TID.nextStr(),
    newToken: () => crypto.randomUUID(),
  })
  const pages = createBudPageService({ branchline, resolveHandle: async () => account.did, remember: (p, v) => paths.remember(p, v) })
  return { service, journal, paths, pages, mirror }
}
const stored = async () => (await listBookmarks(sb.pdsUrl, account.did)).map((b) => ({ rkey: b.rkey, subject: b.subject.uri }))

describe('the bookmark service against the sandbox', () => {
  it('computes the CID the PDS gives a bookmark record', async () => {
    const { service, journal } = serviceOver()
    const path = (await createBranchlineClient({ baseUrl: sb.branchlineUrl }).getBranch(demo))
    await service.bookmark(account.did, path, 'demo')
    await journal.drain(account.did)
    const [mark] = await listBookmarks(sb.pdsUrl, account.did)
    const record = { $type: 'ink.branchline.bookmark', subject: mark!.subject, createdAt: mark!.createdAt }
    expect(await recordCid(record)).toBe(mark!.cid)
    await clearBookmarks(sb.pdsUrl, account)
  })

  it('one bookmark per thread: create, a descendant moves it (same rkey), a sibling adds one, undo takes it back', async () => {
    const { service, journal } = serviceOver()
    const branchline = createBranchlineClient({ baseUrl: sb.branchlineUrl })
    const [demoPath, childPath, siblingPath] = await Promise.all([demo, cousins[0], siblings[1]].map((u) => branchline.getBranch(u)))
    expect(childPath!.slice(0, -1)).toEqual(demoPath) // the seed's cousins[0] is demo's child

    expect(await service.bookmark(account.did, demoPath!, 'demo')).toMatchObject({ kind: 'created' })
    await journal.drain(account.did)
    const [first] = await stored()
    expect(first!.subject).toBe(demo)

    expect(await service.bookmark(account.did, childPath!, 'child')).toMatchObject({ kind: 'moved', from: demoPath!.length })
    await journal.drain(account.did)
    expect(await stored()).toEqual([{ rkey: first!.rkey, subject: cousins[0] }])

    const added = await service.bookmark(account.did, siblingPath!, 'sibling')
    expect(added).toMatchObject({ kind: 'created' })
    await journal.drain(account.did)
    expect((await stored()).map((b) => b.subject).sort()).toEqual([cousins[0], siblings[1]].sort())

    await service.undo((added as { undo: string }).undo)
    await journal.drain(account.did)
    expect(await stored()).toEqual([{ rkey: first!.rkey, subject: cousins[0] }])
    expect(await journal.list(account.did)).toEqual([])
  })
})

describe('requests a bookmark costs, counted at the sandbox servers', () => {
  const logPosition = async () => (await control<{ next: number }>('GET', '/requests?since=999999999')).next
  /** What the servers received from Tendril's code since `since`: method + path (no query), DPoP
   * nonce challenges apart. The Branchline stand-in reads the PDS too (its index: listRepos, the
   * buds' listRecords, describeRepo); those are its own, not Tendril's, and never touch bookmarks
   * or write, so Tendril's are: everything at the stand-in and the PLC, and at the PDS every write
   * and every request about the bookmark collection. */
  const seen = async (since: number) => {
    const all = (await control<{ requests: RecordedRequest[] }>('GET', `/requests?since=${since}`)).requests.filter(
      (r) => !r.forwarded && (r.service === 'branchline' || r.service === 'plc' || (r.service === 'pds' && (r.method === 'POST' || r.path.includes('ink.branchline.bookmark')))),
    )
    return {
      calls: all.filter((r) => !r.nonceChallenge).map((r) => `${r.method} ${r.path.split('?')[0]}`),
      nonceChallenges: all.filter((r) => r.nonceChallenge).length,
    }
  }

  it('warm (the bud’s page was visited, bookmarks synced): exactly one request, the write; cold: getBranch, getBuds, the write', async () => {
    await clearBookmarks(sb.pdsUrl, account)
    const { service, journal, pages, mirror } = serviceOver()
    await mirror.sync(account.did)
    // Warm: the visit (uncounted), then the click.
    const visit = await pages.describe(budPageUrl(siblings[0])!)
    if (visit.kind !== 'bud') throw new Error('no bud')
    let since = await logPosition()
    await service.bookmark(account.did, visit.bud.path, visit.bud.title)
    await journal.drain(account.did)
    const warm = await seen(since)
    expect(warm.calls).toEqual(['POST /xrpc/com.atproto.repo.createRecord'])
    // Cold: a link to a bud never visited (the context menu's path through the worker).
    since = await logPosition()
    const link = await pages.describe(budPageUrl(cousins[1])!)
    if (link.kind !== 'bud') throw new Error('no bud')
    await service.bookmark(account.did, link.bud.path, link.bud.title)
    await journal.drain(account.did)
    const cold = await seen(since)
    expect(cold.calls).toEqual(['GET /xrpc/ink.branchline.getBranch', 'GET /xrpc/ink.branchline.getBuds', 'POST /xrpc/com.atproto.repo.createRecord'])
    console.info(`[bookmark requests] warm ${warm.calls.length} (+${warm.nonceChallenges} nonce challenges), cold ${cold.calls.length} (+${cold.nonceChallenges})`)
    await clearBookmarks(sb.pdsUrl, account)
  })
})

describe('when Branchline’s AppView lags or is down', () => {
  const written: string[] = []
  afterAll(async () => {
    for (const uri of written) await deleteRecord(sb.pdsUrl, writer, uri).catch(() => undefined)
  })
  /** A new bud under the demo bud, written at its author's PDS (the AppView may not know it yet). */
  const newBud = async () =>
    writeRecord(sb.pdsUrl, writer, 'ink.branchline.bud', {
      $type: 'ink.branchline.bud',
      title: `Fresh ${TID.nextStr()}`,
      text: 'Written a moment ago.',
      createdAt: new Date().toISOString(),
      parent: await budRef(sb.pdsUrl, demo),
    })

  it.each(['lag', 'down'] as const)('AppView %s: a new bud is found at its author’s PDS, placed by walking its parents, and bookmarked', async (lever) => {
    await clearBookmarks(sb.pdsUrl, account)
    await control('POST', `/branchline/${lever}`)
    const fresh = await newBud()
    written.push(fresh.uri)
    // The lever works: the AppView does not answer for the new bud.
    const appview = createBranchlineClient({ baseUrl: sb.branchlineUrl })
    if (lever === 'lag') expect(await appview.getBranch(fresh.uri)).toEqual([])
    else await expect(appview.getBranch(fresh.uri)).rejects.toMatchObject({ code: 'AppViewUnavailable' })
    const { service, journal, paths } = serviceOver()
    const path = await paths.pathOf(fresh.uri)
    const demoPath = await appview.getBranch(demo).catch(() => [])
    expect(path?.at(-1)).toBe(fresh.uri)
    expect(path?.at(-2)).toBe(demo)
    if (lever === 'lag') expect(path!.slice(0, -1)).toEqual(demoPath)
    expect(await service.bookmark(account.did, path!, 'fresh')).toMatchObject({ kind: 'created' })
    await journal.drain(account.did)
    expect((await listBookmarks(sb.pdsUrl, account.did)).map((b) => b.subject)).toEqual([{ uri: fresh.uri, cid: fresh.cid }])
    await clearBookmarks(sb.pdsUrl, account)
  })

  it('a bud known neither to the AppView nor to its author’s PDS is SubjectNotFound, and nothing is written', async () => {
    const { service, journal, paths } = serviceOver()
    const ghost = `${demo.slice(0, demo.lastIndexOf('/'))}/3kzzzzzzzzz2a`
    expect(await paths.pathOf(ghost)).toBeNull()
    await expect(service.bookmark(account.did, [ghost], 'ghost')).rejects.toMatchObject({ code: 'SubjectNotFound' })
    await journal.drain(account.did)
    expect(await listBookmarks(sb.pdsUrl, account.did)).toEqual([])
  })
})
