import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { createCreatedBacklinks } from '../../../lib/backlinks/created-store'
import { createCreatedList } from '../../../lib/backlinks/created-list'
import { openTendrilDb } from '../../../lib/storage/db'
import type { WriteEntry } from '../../../lib/writes/entry'

const READER = 'did:plc:reader'
const SOURCE = `at://${READER}/app.bsky.feed.post/3lpost`
const EPRINT = 'at://did:plc:chive/pub.chive.eprint.submission/3e1'
let n = 0

const entry = (feature: string, nsid: 'pub.chive.backlink.create' | 'pub.chive.backlink.delete', input: Record<string, unknown>): WriteEntry =>
  ({ v: 1, id: `e${n++}`, did: READER, feature, label: 'x', status: 'pending', attempts: 0, nextAttemptAt: 0, maybeLanded: false, createdAt: 1_000, op: { kind: 'service', service: 'chive', nsid, key: SOURCE, input } }) as WriteEntry

function setup(journal: WriteEntry[] = []) {
  const created = createCreatedBacklinks(openTendrilDb(`created-list-${n++}`))
  const list = createCreatedList({
    created,
    journal: { list: async () => journal },
    eprints: { cached: (uri) => ({ uri, title: 'an eprint on Chive', pageUrl: 'p' }), known: (uri) => (uri === EPRINT ? { uri, title: 'Known title', pageUrl: 'p' } : undefined) },
    now: () => 5_000,
  })
  return { created, list }
}

describe('the backlinks Tendril created', () => {
  it('a create is listed as sending while in the journal, and as created (with its title) once Chive confirmed it', async () => {
    const create = entry('backlink.auto', 'pub.chive.backlink.create', { sourceUri: SOURCE, sourceType: 'bluesky.post', targetUri: EPRINT })
    const { created, list } = setup([create])
    expect(await list.list()).toEqual([
      expect.objectContaining({ sourceUri: SOURCE, sending: true, automatic: true, sourceUrl: `https://bsky.app/profile/${READER}/post/3lpost` }),
    ])
    await list.fromJournal(create, { kind: 'done' } as never)
    expect(await created.get(READER, SOURCE)).toMatchObject({ eprint: EPRINT, eprintTitle: 'Known title', automatic: true, createdAt: 5_000 })
  })

  it('a confirmed delete takes it off the list; writes of other features are ignored', async () => {
    const { created, list } = setup()
    await created.put({ did: READER, sourceUri: SOURCE, sourceType: 'bluesky.post', eprint: EPRINT, createdAt: 1, automatic: false })
    await list.fromJournal(entry('bookmark', 'pub.chive.backlink.delete', { sourceUri: SOURCE }), { kind: 'done' } as never)
    expect(await list.list()).toHaveLength(1)
    await list.fromJournal(entry('backlink', 'pub.chive.backlink.delete', { sourceUri: SOURCE }), { kind: 'done' } as never)
    expect(await list.list()).toEqual([])
  })
})
