import { describe, expect, it } from 'vitest'
import { contrastRatio, PALETTES, paletteFor, parseColor } from '../../../lib/shell/theme'

describe('palettes', () => {
  it.each(Object.entries(PALETTES))('%s: text and pressed text are at least 4.5:1 on their backgrounds', (_name, p) => {
    expect(contrastRatio(p.text, p.background)).toBeGreaterThanOrEqual(4.5)
    expect(contrastRatio(p.pressedText, p.pressedBackground)).toBeGreaterThanOrEqual(4.5)
    // The border and focus ring must be seen against the control's own background (3:1, WCAG 1.4.11).
    expect(contrastRatio(p.border, p.background)).toBeGreaterThanOrEqual(3)
    expect(contrastRatio(p.focus, p.background)).toBeGreaterThanOrEqual(3)
  })
})

describe('paletteFor', () => {
  it.each([
    ['rgb(255, 255, 255)', 'light'],
    ['rgb(13, 17, 23)', 'dark'],
    ['rgba(0, 0, 0, 0)', 'light'],
    ['rgb(0 0 0 / 0.9)', 'dark'],
    [undefined, 'light'],
    ['#1c2128', 'dark'],
    ['#f6f8fa', 'light'],
  ])('a page background of %s gets the %s palette', (bg, expected) => {
    expect(paletteFor(bg)).toBe(PALETTES[expected as 'light' | 'dark'])
  })

  it('reads the colour forms getComputedStyle gives', () => {
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3])
    expect(parseColor('rgba(1, 2, 3, 0.2)')).toBeUndefined()
    expect(parseColor('transparent')).toBeUndefined()
  })
})
