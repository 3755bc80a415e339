import { describe, expect, it } from 'vitest'
import { decideBadge, TONE_COLORS, type BadgeFacts, type BookmarkFact } from '../../../lib/badge/badge-rule'
import type { BudSummary, PageState } from '../../../lib/messages'

const bud: BudSummary = {
  uri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa',
  title: 'The Keeper’s Log',
  position: 3,
  author: { did: 'did:plc:ada', handle: 'ada.test' },
  story: { rootUri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k00', title: 'The Lighthouse at Vell' },
  childCount: 2,
  path: ['at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k00', 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2k11', 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa'],
}
const budPage: PageState = { kind: 'bud', bud }
const missing: PageState = { kind: 'bud-missing', url: 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kzz' }
const facts = (f: Partial<BadgeFacts>): BadgeFacts => ({ failedWrites: 0, suggestions: 0, page: null, ...f })
const BUD = '“The Keeper’s Log” (bud 3 of “The Lighthouse at Vell”)'

describe('decideBadge: failed writes > suggestions > this bud’s bookmark > nothing', () => {
  it.each<[string, Partial<BadgeFacts>, string, string, string]>([
    // [case, facts, text, tone, title]
    ['failed writes win over everything', { failedWrites: 2, suggestions: 3, bookmark: 'bookmarked', page: budPage }, '!', 'alert', 'Tendril — 2 writes could not be saved. Open Tendril to retry or discard.'],
    ['one failed write, on a page Tendril does not act on', { failedWrites: 1 }, '!', 'alert', 'Tendril — 1 write could not be saved. Open Tendril to retry or discard.'],
    ['suggestions win over the bookmark state', { suggestions: 3, bookmark: 'bookmarked', page: budPage }, '3', 'info', 'Tendril — 3 backlinks to Chive suggested for this page.'],
    ['one suggestion', { suggestions: 1 }, '1', 'info', 'Tendril — 1 backlink to Chive suggested for this page.'],
    ['more suggestions than fit', { suggestions: 250 }, '99+', 'info', 'Tendril — 250 backlinks to Chive suggested for this page.'],
    ['a bookmarked bud', { bookmark: 'bookmarked', page: budPage }, '★', 'done', `Tendril — bookmarked: ${BUD}`],
    ['a bookmarked bud edited since', { bookmark: 'edited', page: budPage }, '★', 'done', `Tendril — bookmarked, and edited since: ${BUD}`],
    ['a bud not bookmarked', { bookmark: 'not-bookmarked', page: budPage }, 'bud', 'info', `Tendril — ${BUD}`],
    ['a bud whose bookmark state is not known yet', { page: budPage }, 'bud', 'info', `Tendril — ${BUD}`],
    ['a bookmarked bud that is gone', { bookmark: 'gone', page: missing }, '', 'none', 'Tendril — the bud you bookmarked here is gone. Open Tendril to remove the bookmark.'],
    ['a bud Branchline does not know', { page: missing }, '', 'none', 'Tendril — this bud is not on Branchline (yet)'],
    ['nothing', {}, '', 'none', 'Tendril'],
  ])('%s', (_, f, text, tone, title) => {
    expect(decideBadge(facts(f))).toEqual({ text, tone, title })
  })

  it('never puts page text in the badge, and keeps it quoted after Tendril’s own words in the title', () => {
    const hostile: PageState = { kind: 'bud', bud: { ...bud, title: '! 3 writes could not be saved', story: { ...bud.story, title: 'x' } } }
    for (const bookmark of [undefined, 'bookmarked', 'edited', 'not-bookmarked'] as Array<BookmarkFact | undefined>) {
      const badge = decideBadge(facts({ page: hostile, bookmark }))
      expect(['bud', '★']).toContain(badge.text)
      expect(badge.title).toMatch(/^Tendril — (bookmarked(, and edited since)?: )?“! 3 writes could not be saved” \(bud 3 of “x”\)$/)
    }
  })

  it.each(Object.entries(TONE_COLORS))('the %s colour gives white badge text at least 4.5:1 contrast', (_, color) => {
    expect(contrast(color, '#ffffff')).toBeGreaterThanOrEqual(4.5)
  })
})

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!
  }
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}
