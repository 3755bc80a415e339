import { describe, expect, it } from 'vitest'
import { verifySource } from '../../../../lib/backlinks/verify/index'
import { E0, E1, entry, external, leafletDoc, link, page, post, textBlock } from '../fixtures'

describe('verifySource', () => {
  it.each([
    ['app.bsky.feed.post', post(['See ', link(page(E0))]), 'bluesky.post'],
    ['com.whtwnd.blog.entry', entry(`[x](${page(E0)})`), 'whitewind.blog'],
    ['pub.leaflet.document', leafletDoc([textBlock([{ text: 'x', uri: page(E0) }])]), 'leaflet.list'],
  ])('dispatches %s', (collection, record, sourceType) => {
    expect(verifySource(collection, record)).toMatchObject([{ eprint: E0, sourceType }])
  })

  it('cites nothing for a collection it does not know', () => {
    const card = { $type: 'network.cosmik.card', type: 'URL', url: page(E0), content: { url: page(E0) } }
    expect(verifySource('network.cosmik.card', card)).toEqual([])
    expect(verifySource('com.example.unknown', { $type: 'com.example.unknown', uri: page(E0) })).toEqual([])
  })

  it('cites nothing when the record is not of the collection it was read from', () => {
    expect(verifySource('com.whtwnd.blog.entry', post(['See ', link(page(E0))]))).toEqual([])
    expect(verifySource('app.bsky.feed.post', null)).toEqual([])
  })

  it('keeps one citation per eprint', () => {
    const record = post(['See ', link(page(E0)), ' and again ', link(`${page(E0)}#x`), ' and ', link(page(E1))], external(page(E0)))
    expect(verifySource('app.bsky.feed.post', record).map((c) => [c.eprint, c.sourceType])).toEqual([
      [E0, 'bluesky.embed'],
      [E1, 'bluesky.post'],
    ])
  })

  it('cites the same eprint once across markdown forms', () => {
    const md = `[a](${page(E0)}) <https://chive.pub/eprints/${E0}> ${page(E0)}?utm_source=x`
    expect(verifySource('com.whtwnd.blog.entry', entry(md)).map((c) => c.eprint)).toEqual([E0])
  })
})
