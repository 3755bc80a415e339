// The backlink service as the worker will build it — the real journal with the worker's service
// caller (service-auth tokens minted by the reader's real session), the source reader, Chive's
// list — against the sandbox PDS and the Chive stand-in: a verified create appears in Chive's list
// (once, however often it is asked), a record citing nothing costs Chive no request, and undo
// never removes a backlink that now points elsewhere.
import { TID } from '@atproto/common-web'
import { IdResolver } from '@atproto/identity'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createChiveClient } from '../../../lib/appview/chive-client.ts'
import { webLocks } from '../../../lib/atproto/oauth/client.ts'
import { createServiceAuth } from '../../../lib/atproto/service-auth.ts'
import { createBacklinkService } from '../../../lib/backlinks/backlink-service.ts'
import { createOnChive } from '../../../lib/backlinks/on-chive.ts'
import { createSourceReader, type SourcePage } from '../../../lib/backlinks/source-record.ts'
import { createPdsLocator } from '../../../lib/identity/pds-of.ts'
import { createNamedMutexes } from '../../../lib/mutex.ts'
import { detectPage } from '../../../lib/sites/index.ts'
import { openTendrilDb } from '../../../lib/storage/db.ts'
import { createJournal } from '../../../lib/writes/journal.ts'
import { createServiceCaller } from '../../../lib/writes/service-call.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { disposeTestClients } from '../auth/client.ts'
import { signedIn, type TestSessions } from '../auth/sessions.ts'
import { raw, serviceToken, login } from '../sandbox/helpers.ts'

const sb = useSandbox()
const reader = sb.seed.reader
let sessions: TestSessions
beforeAll(async () => {
  sessions = await signedIn(reader)
})
afterAll(async () => {
  await control('POST', '/faults/reset')
  await disposeTestClients()
})

function services() {
  const idResolver = new IdResolver({ plcUrl: sb.plcUrl, fetch: globalThis.fetch })
  const chive = createChiveClient({ baseUrl: sb.chiveUrl })
  const journal = createJournal({
    db: openTendrilDb(`backlinks-${TID.nextStr()}`),
    clientFor: (did) => sessions.pds.clientFor(did),
    callServiceFor: createServiceCaller({ serviceAuth: createServiceAuth({ pds: sessions.pds }), services: { chive: { url: sb.chiveUrl, did: sb.chiveServiceDid } } }),
    lock: webLocks() ?? createNamedMutexes(),
    wakeAt: () => undefined,
    newId: () => TID.nextStr(),
    answerTimeoutMs: 10_000,
  })
  const sourceReader = createSourceReader({
    pdsOf: createPdsLocator({ resolve: async (did) => ({ didDoc: (await idResolver.did.resolve(did)) as never }) }),
    resolveHandle: async (handle) => ((await (await fetch(`${sb.pdsUrl}/xrpc/com.atproto.identity.resolveHandle?handle=${handle}`)).json()) as { did: string }).did,
  })
  const service = createBacklinkService({ journal, onChive: createOnChive({ chive }), reader: sourceReader })
  return { journal, chive, service }
}
const pageOf = (url: string) => detectPage(url) as SourcePage
const chiveCalls = async () => Object.entries((await control<{ counters: Record<string, number> }>('GET', '/chive/counters')).counters).filter(([k]) => k.startsWith('pub.chive'))

describe('backlinks through the journal', () => {
  const own = sb.seed.sources.find((s) => s.owner === 'reader' && s.sourceType === 'bluesky.post' && s.cites.length === 1)!
  const decoy = sb.seed.decoys.find((s) => s.sourceType === 'bluesky.post')!

  it('a record that cites nothing costs Chive no request; a citing one, one list per eprint', async () => {
    const { service } = services()
    await control('POST', '/chive/counters/reset')
    const nothing = await service.examine(pageOf(decoy.pageUrl))
    expect(nothing?.finding.citations).toEqual([])
    expect(await chiveCalls()).toEqual([])
    const citing = await service.examine(pageOf(own.pageUrl))
    expect([...citing!.onChive.keys()]).toEqual(own.cites)
    expect(await chiveCalls()).toEqual([['pub.chive.backlink.list', 1]])
  })

  it('creates it once however often asked; undo removes it; undo of a source now pointing elsewhere removes nothing', async () => {
    const { service, journal, chive } = services()
    const { finding } = (await service.examine(pageOf(own.pageUrl)))!
    const citation = finding.citations[0]!
    const on = async () => (await chive.list(citation.eprint, { sourceType: citation.sourceType })).backlinks.filter((b) => b.sourceUri === finding.sourceUri && !b.deleted)

    // Chive holds the first create, so the second ask certainly finds it unsent.
    await control('POST', '/faults/chive/hold')
    expect(await service.create(reader.did, finding, citation, 'Backlink')).toEqual({ kind: 'entered' })
    expect(await service.create(reader.did, finding, citation, 'Backlink')).toEqual({ kind: 'already-asked' })
    await control('POST', '/faults/chive/release')
    await journal.drain(reader.did)
    expect(await on()).toHaveLength(1)
    expect((await on())[0]).toMatchObject({ targetUri: citation.eprint, sourceType: citation.sourceType })

    expect(await service.remove(reader.did, finding.sourceUri, citation.eprint, citation.sourceType, 'Undo')).toEqual({ kind: 'removed' })
    await journal.drain(reader.did)
    expect(await on()).toEqual([])

    // Someone points the same source at another eprint (Chive lets anyone): undo must not remove that.
    await service.create(reader.did, finding, citation, 'Backlink')
    await journal.drain(reader.did)
    const other = sb.seed.eprints.find((e) => e.uri !== citation.eprint)!.uri
    const token = await serviceToken(await login(sb.seed.writers[0]!.handle))
    const overwrite = await raw(sb.chiveUrl, 'pub.chive.backlink.create', { method: 'POST', body: { sourceUri: finding.sourceUri, sourceType: citation.sourceType, targetUri: other }, headers: { authorization: `Bearer ${token}` } })
    expect(overwrite.status).toBe(200)
    expect(await service.remove(reader.did, finding.sourceUri, citation.eprint, citation.sourceType, 'Undo')).toEqual({ kind: 'points-elsewhere' })
    await journal.drain(reader.did)
    const now = (await control<{ backlinks: Array<{ sourceUri: string; targetUri: string; deleted: boolean }> }>('GET', '/chive/backlinks')).backlinks.filter((b) => b.sourceUri === finding.sourceUri)
    expect(now).toEqual([expect.objectContaining({ targetUri: other, deleted: false })])
    // Leave the seeded source without a backlink for the next test file.
    const reset = await raw(sb.chiveUrl, 'pub.chive.backlink.delete', { method: 'POST', body: { sourceUri: finding.sourceUri }, headers: { authorization: `Bearer ${token}` } })
    expect(reset.status).toBe(200)
  })

  it('Chive down: the create waits in the journal and is delivered once Chive is back, once; list and getCounts show it', async () => {
    const { service, journal, chive } = services()
    const post = sb.seed.sources.find((s) => s.owner === 'reader' && s.how === 'record-embed')!
    const { finding } = (await service.examine(pageOf(post.pageUrl)))!
    const citation = finding.citations[0]!
    const before = await chive.getCounts(citation.eprint)
    await control('POST', '/chive/stop')
    try {
      expect(await service.create(reader.did, finding, citation, 'Backlink')).toEqual({ kind: 'entered' })
      await journal.drain(reader.did)
      const waiting = await journal.list(reader.did)
      expect(waiting).toHaveLength(1)
      expect(waiting[0]).toMatchObject({ status: 'pending' })
      expect(waiting[0]!.attempts).toBeGreaterThan(0)
    } finally {
      await control('POST', '/chive/start')
    }
    await control('POST', '/chive/counters/reset')
    await journal.retry((await journal.list(reader.did))[0]!.id)
    await journal.drain(reader.did)
    await journal.drain(reader.did)
    expect(await journal.list(reader.did)).toEqual([])
    const created = (await control<{ counters: Record<string, number> }>('GET', '/chive/counters')).counters['pub.chive.backlink.create']
    expect(created).toBe(1)
    const listed = (await chive.list(citation.eprint, { sourceType: citation.sourceType })).backlinks.filter((b) => b.sourceUri === finding.sourceUri && !b.deleted)
    expect(listed).toHaveLength(1)
    const after = await chive.getCounts(citation.eprint)
    expect(after.total).toBe(before.total + 1)
    expect(after.blueskyEmbeds).toBe(before.blueskyEmbeds + 1)
    // Leave the seeded source without a backlink for the next test file.
    await service.remove(reader.did, finding.sourceUri, citation.eprint, citation.sourceType, 'Undo')
    await journal.drain(reader.did)
  })

  it('the token Tendril mints is accepted by Chive; one minted for another audience is refused', async () => {
    const serviceAuth = createServiceAuth({ pds: sessions.pds })
    const body = { sourceUri: `at://${reader.did}/app.bsky.feed.post/3kaudience22a`, sourceType: 'bluesky.post', targetUri: sb.seed.eprints[0]!.uri }
    const good = await serviceAuth.token(reader.did, sb.chiveServiceDid, 'pub.chive.backlink.create')
    const accepted = await raw(sb.chiveUrl, 'pub.chive.backlink.create', { method: 'POST', body, headers: { authorization: `Bearer ${good}` } })
    expect(accepted.status).toBe(200)
    const other = await serviceAuth.token(reader.did, 'did:web:elsewhere.example', 'pub.chive.backlink.create')
    const refused = await raw(sb.chiveUrl, 'pub.chive.backlink.delete', { method: 'POST', body: { sourceUri: body.sourceUri }, headers: { authorization: `Bearer ${other}` } })
    expect(refused.status).toBe(401)
    const cleanup = await raw(sb.chiveUrl, 'pub.chive.backlink.delete', { method: 'POST', body: { sourceUri: body.sourceUri }, headers: { authorization: `Bearer ${await serviceAuth.token(reader.did, sb.chiveServiceDid, 'pub.chive.backlink.delete')}` } })
    expect(cleanup.status).toBe(200)
  })
})
