import { describe, expect, it } from 'vitest'
import { describeBacklinkOutcome, describeCitationState, describeSourceNotes, describeSourceType, quoteEprint } from '../../../lib/backlinks/outcome-text'
import type { BacklinkReply, CitationView, EprintView, SourcePageView } from '../../../lib/backlinks/views'

const eprint = (title: string, n = 1): EprintView => ({
  uri: `at://did:plc:e/pub.chive.eprint.submission/3kq2z7xyz2e${n}a`,
  title,
  pageUrl: `https://chive.pub/eprints/${n}`,
})
const A = eprint('Roots and shoots')
const B = eprint('An older paper', 2)

describe('describeBacklinkOutcome', () => {
  it.each<[BacklinkReply, string]>([
    [{ kind: 'entered', eprint: A }, 'Backlink to “Roots and shoots” sent to Chive.'],
    [
      { kind: 'entered', eprint: A, replaced: B },
      'Backlink to “Roots and shoots” sent to Chive. It replaces the one to “An older paper”: Chive keeps one backlink per page.',
    ],
    [{ kind: 'already-asked', eprint: A }, 'Tendril has already sent the backlink to “Roots and shoots”.'],
    [{ kind: 'on-chive', eprint: A }, 'Chive already lists this page for “Roots and shoots”.'],
    [{ kind: 'dismissed' }, 'Tendril won’t suggest this again for this page.'],
    [{ kind: 'removed', eprint: A }, 'Backlink to “Roots and shoots” removed from Chive.'],
    [
      { kind: 'points-elsewhere', eprint: A },
      'Not removed: Chive now shows this page pointing at another eprint than “Roots and shoots”, which Tendril did not create.',
    ],
    [{ kind: 'signed-out' }, 'Sign in to Tendril to add backlinks.'],
    [{ kind: 'setup-opened' }, 'Tendril’s settings are open in a new tab: choose there whether to add backlinks automatically.'],
  ])('%j → %s', (reply, text) => {
    expect(describeBacklinkOutcome(reply)).toEqual({ text })
  })

  it('names an eprint without a readable title as “this eprint”', () => {
    expect(describeBacklinkOutcome({ kind: 'removed', eprint: eprint('  ') }).text).toBe('Backlink to this eprint removed from Chive.')
    expect(quoteEprint({ title: '' })).toBe('this eprint')
  })
})

describe('describeCitationState', () => {
  it.each<[Pick<CitationView, 'state' | 'automatic'>, string]>([
    [{ state: 'offered' }, 'Not on Chive yet'],
    [{ state: 'on-chive' }, 'On Chive already'],
    [{ state: 'added' }, 'Added'],
    [{ state: 'added', automatic: false }, 'Added'],
    [{ state: 'added', automatic: true }, 'Added automatically'],
    [{ state: 'dismissed' }, 'Dismissed: not suggested again'],
  ])('%j → %s', (citation, text) => {
    expect(describeCitationState(citation)).toBe(text)
  })
})

describe('describeSourceType', () => {
  it.each([
    ['bluesky.post', 'Bluesky post'],
    ['bluesky.embed', 'Bluesky embed'],
    ['whitewind.blog', 'WhiteWind entry'],
    ['leaflet.list', 'Leaflet document'],
    ['cosmik.collection', 'Semble collection'],
    ['other', 'Other'],
    // Chive may name types Tendril does not know yet: shown as Chive names them.
    ['example.thing', 'example.thing'],
    // Not looked up on the object's prototype.
    ['toString', 'toString'],
  ])('%s → %s', (type, words) => {
    expect(describeSourceType(type)).toBe(words)
  })
})

describe('describeSourceNotes (the prompt and the popup say the same)', () => {
  const cite = (e: EprintView, state: CitationView['state']): CitationView => ({ eprint: e, sourceType: 'bluesky.post', state })
  const view = (over: Partial<SourcePageView>): SourcePageView => ({ url: 'u', sourceUri: 's', site: 'bluesky', own: false, signedIn: true, citations: [cite(A, 'offered')], offerSetup: false, ...over })

  it.each<[string, Partial<SourcePageView>, ReturnType<typeof describeSourceNotes>]>([
    ['one offered, signed in: nothing to add', {}, {}],
    ['two offered: choose one', { citations: [cite(A, 'offered'), cite(B, 'offered')] }, { chooseOne: 'Chive keeps one backlink per page: choose the one this post is about.' }],
    [
      'Chive lists it for another: adding replaces that (and no "choose one" beside it)',
      { citations: [cite(A, 'offered'), cite(B, 'offered')], replaces: B },
      { replaces: 'Chive lists this post for “An older paper” now. Chive keeps one backlink per page, so adding another replaces that one.' },
    ],
    ['nothing offered: no replaces, no sign-in line', { citations: [cite(A, 'on-chive')], replaces: A, signedIn: false }, {}],
    ['unlisted', { unlisted: true }, { unlisted: 'This entry is shared by link only, so Tendril never adds its backlink automatically.' }],
    ['signed out', { signedIn: false }, { signedOut: 'Sign in to Tendril to add backlinks.' }],
  ])('%s', (_name, over, notes) => {
    expect(describeSourceNotes(view(over), 'post')).toEqual(notes)
  })
})
