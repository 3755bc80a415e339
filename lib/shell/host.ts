import { PALETTES, paletteFor, type Palette } from './theme'

// The one way Tendril draws in a page: a `<tendril-ui>` element holding a closed shadow root with
// its CSS inlined (no web_accessible_resources: nothing the page could fetch or fingerprint). The
// page cannot reach into a closed root, and its stylesheets cannot style what is inside. What the
// page can still do to the host element itself (remove it, restyle it, cover it) is what
// lib/shell/guard.ts is for.

export const HOST_TAG = 'tendril-ui'

/** Inline and !important, so the page's stylesheets cannot restyle the host (a script can: the
 * guard checks what the host looks like when it is used). */
const HOST_STYLE = 'all: initial !important; display: inline-block !important; vertical-align: middle !important;'

export interface ShellHost {
  host: HTMLElement
  root: ShadowRoot
  palette: Palette
}

/** A host for `kind` (e.g. `bookmark`, `toast`), styled with `css(palette)` for the page behind `near`. */
export function createShellHost(doc: Document, kind: string, css: (p: Palette) => string, near?: Element, hostStyle = ''): ShellHost {
  const host = doc.createElement(HOST_TAG)
  host.setAttribute('data-tendril', kind)
  host.setAttribute('style', HOST_STYLE + hostStyle)
  const root = host.attachShadow({ mode: 'closed' })
  const palette = near ? paletteFor(backgroundBehind(near)) : PALETTES.light
  const style = doc.createElement('style')
  style.textContent = css(palette)
  root.append(style)
  return { host, root, palette }
}

/** The first non-transparent background colour at or above `element`. */
export function backgroundBehind(element: Element): string | undefined {
  const win = element.ownerDocument.defaultView
  for (let el: Element | null = element; el && win; el = el.parentElement) {
    const bg = win.getComputedStyle(el).backgroundColor
    if (bg && bg !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(bg)) return bg
  }
  return undefined
}
