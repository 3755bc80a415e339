import { describe, expect, it } from 'vitest'
import { CONTEXT_MAX_BYTES, excerpt, utf16Index } from '../../../lib/backlinks/context-excerpt'

const bytes = (s: string) => new TextEncoder().encode(s).length
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment)
const FAMILY = '👨‍👩‍👧‍👦' // ZWJ sequence: 7 code points, 25 bytes, one grapheme
const FLAG = '🇫🇷' // two regional indicators, 8 bytes
const THUMB = '👍🏽' // emoji + skin-tone modifier, 8 bytes
const CJK = '引用文献の減衰を測定する。' // 3 bytes a character

describe('excerpt', () => {
  it('returns short text whole, trimmed, without an ellipsis', () => {
    expect(excerpt('  Finally read this one.\n')).toBe('Finally read this one.')
    expect(excerpt('')).toBe('')
  })

  it('keeps exactly 500 bytes whole and cuts 501', () => {
    expect(excerpt('a'.repeat(500))).toBe('a'.repeat(500))
    const cut = excerpt('a'.repeat(501))
    expect(cut.endsWith('…')).toBe(true)
    expect(bytes(cut)).toBe(500) // 497 letters + a 3-byte ellipsis
  })

  it.each([
    ['ZWJ families', FAMILY, 40],
    ['flags', FLAG, 100],
    ['skin-tone modifiers', THUMB, 100],
    ['CJK', CJK, 20],
    ['combining accents', 'e\u0301\u0323', 200],
    ['mixed', `Read ${FAMILY} ${FLAG} 研究 ${THUMB} `, 30],
  ])('cuts %s on a grapheme boundary within 500 bytes', (_name, unit, times) => {
    const text = unit.repeat(times)
    const out = excerpt(text)
    expect(bytes(out)).toBeLessThanOrEqual(CONTEXT_MAX_BYTES)
    expect(out.endsWith('…')).toBe(true)
    // Every grapheme of the excerpt (ellipsis aside) is a whole grapheme of the source, in order.
    const kept = graphemes(out.slice(0, -1))
    expect(kept).toEqual(graphemes(text).slice(0, kept.length))
    // And the cut is tight: one more grapheme would not have fitted (unless whitespace was trimmed).
    if (!/\s/.test(unit)) expect(bytes(out) + bytes(graphemes(text)[kept.length]!)).toBeGreaterThan(CONTEXT_MAX_BYTES)
  })

  it('never splits a flag into lone regional indicators', () => {
    // 2 + 4 × 123 bytes: a cut by code points would keep 123 regional indicators, half a flag.
    const out = excerpt(`ab${FLAG.repeat(100)}`)
    expect([...out.slice(2, -1)].length % 2).toBe(0)
    expect(out).toBe(`ab${FLAG.repeat(61)}…`)
  })

  it('trims the cut edge before the ellipsis', () => {
    const out = excerpt(`${'a'.repeat(496)} ${'b'.repeat(100)}`) // the cut lands just after the space
    expect(out).toBe(`${'a'.repeat(496)}…`)
  })

  it('keeps the citation in view when it sits late in a long text', () => {
    const text = `${'Before the link. '.repeat(60)}[LINK] ${'After. '.repeat(60)}`
    const out = excerpt(text, text.indexOf('[LINK]'))
    expect(out).toContain('[LINK]')
    expect(out.startsWith('…')).toBe(true)
    expect(out.endsWith('…')).toBe(true)
    expect(bytes(out)).toBeLessThanOrEqual(CONTEXT_MAX_BYTES)
    expect(out.indexOf('[LINK]')).toBeGreaterThan(100) // some text before it is kept
  })

  it('spends the rest of the budget before the citation when it is near the end', () => {
    const text = `${'x'.repeat(900)} [LINK] end.`
    const out = excerpt(text, text.indexOf('[LINK]'))
    expect(out.endsWith('[LINK] end.')).toBe(true)
    expect(bytes(out)).toBe(500)
  })

  it('centres on a citation among CJK text without splitting characters', () => {
    const text = `${CJK.repeat(30)}https://chive.pub/eprints/x ${CJK.repeat(30)}`
    const out = excerpt(text, text.indexOf('https://'))
    expect(out).toContain('https://chive.pub/eprints/x')
    expect(bytes(out)).toBeLessThanOrEqual(CONTEXT_MAX_BYTES)
    expect(out.includes('\uFFFD')).toBe(false)
  })
})

describe('utf16Index', () => {
  it.each([
    ['abc', 2, 2],
    [`${FAMILY}x`, 25, 11], // 25 bytes = 11 UTF-16 units
    [`${CJK}x`, 39, 13],
    ['abc', 99, 3],
    ['abc', -1, 0],
  ])('%s at byte %i → %i', (text, byte, index) => {
    expect(utf16Index(text, byte)).toBe(index)
  })
})
