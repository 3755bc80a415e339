import { describe, expect, it } from 'vitest'
import { verifyBlueskyPost } from '../../../../lib/backlinks/verify/bluesky'
import { E0, E1, E2, TITLE0, external, link, page, post, recordEmbed } from '../fixtures'

const OTHER_POST = 'at://did:plc:basil7hq3xn2kfd6wm4zcpre/app.bsky.feed.post/3kq2z7xyz2k2z'
const summary = (record: Parameters<typeof verifyBlueskyPost>[0]) =>
  verifyBlueskyPost(record).map((c) => [c.eprint, c.sourceType])

// [case, post, expected [eprint, sourceType] pairs] — shapes from tests/sandbox/seed/sources.ts
const TABLE: Array<[string, ReturnType<typeof post>, Array<[string, string]>]> = [
  ['facet link, truncated visible text', post(['Recommended: ', link(page(E0))]), [[E0, 'bluesky.post']]],
  ['two facet links', post(['Two: ', link(page(E1)), ' and ', link(page(E2))]), [[E1, 'bluesky.post'], [E2, 'bluesky.post']]],
  ['facet link, unencoded form', post([link(`https://chive.pub/eprints/${E0}`)]), [[E0, 'bluesky.post']]],
  ['facet link with fragment and tracking', post([link(`${page(E0)}/?utm_source=bsky&fbclid=1#abstract`)]), [[E0, 'bluesky.post']]],
  ['external embed', post(['New on Chive:'], external(page(E0))), [[E0, 'bluesky.embed']]],
  ['record embed of the eprint', post(['The record:'], recordEmbed(E0)), [[E0, 'bluesky.embed']]],
  ['recordWithMedia: a quoted post plus an external eprint', post(['Quoting:'], {
    $type: 'app.bsky.embed.recordWithMedia',
    record: recordEmbed(OTHER_POST),
    media: external(page(E2)),
  }), [[E2, 'bluesky.embed']]],
  ['recordWithMedia: the eprint as its record', post(['Quoting:'], {
    $type: 'app.bsky.embed.recordWithMedia',
    record: recordEmbed(E1),
    media: { $type: 'app.bsky.embed.images', images: [] },
  }), [[E1, 'bluesky.embed']]],
  ['facet and embed of the same eprint → embed', post(['See ', link(page(E0))], external(page(E0))), [[E0, 'bluesky.embed']]],
  ['facet of one, embed of another', post(['See ', link(page(E0))], external(page(E1))), [[E0, 'bluesky.post'], [E1, 'bluesky.embed']]],
  ['handle-based eprint in an embed', post([], recordEmbed(E0.replace('did:plc:ada4xq2mvzkd5rwn7e3ybtfh', 'ada.example.com'))),
    [[E0.replace('did:plc:ada4xq2mvzkd5rwn7e3ybtfh', 'ada.example.com'), 'bluesky.embed']]],
  // Near-misses
  ['title mentioned, not linked', post([`Still thinking about "${TITLE0}".`]), []],
  ['the page URL as plain text, no facet', post([`Paste this: ${page(E1)} and also chive.pub/eprints/${encodeURIComponent(E0)}`]), []],
  ['visible text names E0, the facet links E1', post([{ text: page(E0), uri: page(E1) }]), [[E1, 'bluesky.post']]],
  ['a non-eprint chive.pub link', post([link('https://chive.pub/about')], external('https://chive.pub/')), []],
  ['doubly-encoded eprint link', post([link(`https://chive.pub/eprints/${encodeURIComponent(page(E0).split('/eprints/')[1]!)}`)]), []],
  ['record embed of a post', post(['Quote'], recordEmbed(OTHER_POST)), []],
  ['a mention facet of the eprint owner', post(['@ada'], undefined, {
    facets: [{ index: { byteStart: 0, byteEnd: 4 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ada4xq2mvzkd5rwn7e3ybtfh' }] }],
  }), []],
  ['an unknown embed with a uri field', post([], { $type: 'app.bsky.embed.video', uri: page(E0), video: {} }), []],
]

describe('verifyBlueskyPost', () => {
  it.each(TABLE)('%s', (_name, record, expected) => {
    expect(summary(record)).toEqual(expected)
  })

  it('gives the post text, around the link, as context', () => {
    const [c] = verifyBlueskyPost(post(['Finally read this one on fork-based fiction: ', link(page(E0))]))
    expect(c!.context).toBe(`Finally read this one on fork-based fiction: ${link(page(E0)).text}`)
  })

  it('uses the external title when the post has no text', () => {
    const [c] = verifyBlueskyPost(post([], external(page(E0), 'Branching Narratives | Chive')))
    expect(c!.context).toBe('Branching Narratives | Chive')
  })

  it('flags handle-based eprints for resolving', () => {
    const [c] = verifyBlueskyPost(post([], recordEmbed(E0.replace('did:plc:ada4xq2mvzkd5rwn7e3ybtfh', 'ada.example.com'))))
    expect(c!.needsResolve).toBe(true)
  })
})
