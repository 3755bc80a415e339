// Every file under lexicons/ is a valid lexicon named for its path, the set loads into one `Lexicons`
// with every ref resolving, and the generated code (npm run lexgen) is in sync with the files.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Lexicons, parseLexiconDoc, type LexiconDoc } from '@atproto/lexicon'
import { describe, expect, it } from 'vitest'
import { schemas } from '../../../lib/lexicons/generated/lexicons'
import { unresolvedRefs } from '../../../scripts/lexicon-refs.ts'
import { withoutDescriptions } from '../../../scripts/lexicon-runtime.ts'

const DIR = fileURLToPath(new URL('../../../lexicons/', import.meta.url))
const files = fs
  .readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((rel) => rel.endsWith('.json'))
  .sort()
const read = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(DIR, rel), 'utf8'))


describe('lexicons/', () => {
  it('holds the lexicons Tendril reads and writes', () => {
    const ids = files.map((rel) => rel.replace(/\.json$/, '').split(path.sep).join('.'))
    expect(ids).toEqual(
      expect.arrayContaining([
        'com.atproto.repo.createRecord', 'com.atproto.repo.putRecord', 'com.atproto.repo.getRecord',
        'com.atproto.repo.listRecords', 'com.atproto.repo.deleteRecord', 'com.atproto.repo.applyWrites',
        'com.atproto.repo.defs', 'com.atproto.repo.strongRef', 'com.atproto.server.getServiceAuth',
        'com.atproto.identity.resolveHandle',
        'ink.branchline.bud', 'ink.branchline.getBranch', 'ink.branchline.getBuds',
        'ink.branchline.createBookmark', 'ink.branchline.bookmark',
        'pub.chive.backlink.create', 'pub.chive.backlink.list', 'pub.chive.backlink.getCounts',
        'pub.chive.backlink.delete', 'pub.chive.eprint.submission',
        'app.bsky.feed.post', 'app.bsky.richtext.facet', 'app.bsky.embed.external', 'app.bsky.embed.record',
        'app.bsky.embed.recordWithMedia', 'com.whtwnd.blog.entry', 'site.standard.document', 'pub.leaflet.document',
        'network.cosmik.card', 'network.cosmik.collection', 'network.cosmik.collectionLink',
      ]),
    )
  })

  it.each(files)('%s is a valid lexicon whose id matches its path', (rel) => {
    const doc = parseLexiconDoc(read(rel))
    expect(doc.id).toBe(rel.replace(/\.json$/, '').split(path.sep).join('.'))
  })

  it('loads into one Lexicons instance with every ref resolved', () => {
    const docs = files.map((rel) => parseLexiconDoc(read(rel)))
    const lexicons = new Lexicons(docs)
    expect(unresolvedRefs(lexicons)).toEqual([])
    // The check itself must be able to fail: a dangling ref is reported.
    const broken: LexiconDoc = {
      lexicon: 1,
      id: 'test.tendril.broken',
      defs: { main: { type: 'object', properties: { x: { type: 'ref', ref: 'test.tendril.nowhere' } } } },
    }
    expect(unresolvedRefs(new Lexicons([...docs, broken]))).toEqual([
      'lex:test.tendril.broken#main → lex:test.tendril.nowhere',
    ])
  })

  it('matches the generated code (run `npm run lexgen` after editing lexicons/)', () => {
    const generated = new Map<string, LexiconDoc>(schemas.map((doc) => [doc.id, doc]))
    expect([...generated.keys()].sort()).toEqual(files.map((rel) => (read(rel) as LexiconDoc).id).sort())
    for (const rel of files) {
      const doc = read(rel) as LexiconDoc
      // The runtime copy is the file minus its `description` strings (scripts/lexgen.ts); every
      // shape, including a field that is itself named `description`, stays as written.
      const stored = JSON.stringify(generated.get(doc.id)?.defs)
      expect(stored).not.toMatch(/"description":"/)
      expect(stored.replace(/lex:[a-zA-Z.]+#/g, '#')).toEqual(
        JSON.stringify(withoutDescriptions(new Lexicons([doc]).get(doc.id)?.defs)).replace(/lex:[a-zA-Z.]+#/g, '#'),
      )
    }
  })

  it('describes ink.branchline.bookmark as Tendril’s own schema', () => {
    const doc = read(path.join('ink', 'branchline', 'bookmark.json')) as LexiconDoc
    const main = doc.defs.main as { type: string; key: string; description: string; record: { required: string[] } }
    expect(main).toMatchObject({ type: 'record', key: 'tid', record: { required: ['subject', 'createdAt'] } })
    expect(main.description).toMatch(/Branchline has not published a bookmark lexicon/)
    expect(main.description).toMatch(/Tendril's own schema, modelled on ink\.branchline\.pollen/)
    expect(main.description).toMatch(/kept in Tendril's cache, not in the record/)
  })
})

describe('withoutDescriptions (the runtime copy of a lexicon)', () => {
  it('drops description strings at every level and keeps a field that is named description', () => {
    const doc = {
      id: 'x.y',
      description: 'for people',
      defs: { main: { type: 'record', description: 'also for people', record: { properties: { description: { type: 'string', maxLength: 300 } } } } },
    }
    expect(withoutDescriptions(doc)).toEqual({ id: 'x.y', defs: { main: { type: 'record', record: { properties: { description: { type: 'string', maxLength: 300 } } } } } })
  })
})
