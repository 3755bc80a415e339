// Colours for what Tendril draws in pages. A control paints its own background, so its text
// contrast never depends on the page; which palette is used follows the page (dark text on light
// pages, light on dark) so the control sits well beside the site's text. Every pair is ≥ 4.5:1
// (WCAG AA for normal text), checked by tests/unit/shell/theme.test.ts and, in the real browser at
// 200 % zoom, by the e2e shell test.

export interface Palette {
  background: string
  text: string
  border: string
  /** The pressed (bookmarked) state. */
  pressedBackground: string
  pressedText: string
  focus: string
}

export const PALETTES: Record<'light' | 'dark', Palette> = {
  light: { background: '#ffffff', text: '#1f2328', border: '#57606a', pressedBackground: '#0b5cad', pressedText: '#ffffff', focus: '#0b5cad' },
  dark: { background: '#1c2128', text: '#f0f3f6', border: '#9198a1', pressedBackground: '#9ecbff', pressedText: '#0d1117', focus: '#9ecbff' },
}

type Rgb = [number, number, number]

/** `#rrggbb` or a computed `rgb()/rgba()` colour; undefined for a transparent or unknown one. */
export function parseColor(color: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16)]
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(color)
  if (!m) return undefined
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4])
  if (alpha < 0.5) return undefined
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/** WCAG 2 contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(parseColor(a)!), luminance(parseColor(b)!)]
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}

/** The palette for a page whose background behind the control is `background` (a computed colour;
 * undefined when every ancestor is transparent, i.e. the browser's default white). */
export function paletteFor(background: string | undefined): Palette {
  const rgb = background ? parseColor(background) : undefined
  return rgb && luminance(rgb) < 0.2 ? PALETTES.dark : PALETTES.light
}
