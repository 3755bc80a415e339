import type { Palette } from './theme'

// CSS for what Tendril draws in pages, inlined into each closed shadow root (lib/shell/host.ts).
// Sizes are in px, not rem: a page's root font size must not shrink Tendril's text (browser zoom
// still scales px). No opacity on any state: contrast stays ≥ 4.5:1 (lib/shell/theme.ts).

const vars = (p: Palette) => `:host { all: initial; }
* { box-sizing: border-box; }
.t { font: 500 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: ${p.text}; }
button { font: inherit; color: ${p.text}; background: ${p.background}; border: 1px solid ${p.border}; border-radius: 999px;
  padding: 3px 10px; min-height: 26px; cursor: pointer; white-space: nowrap; }
button:focus-visible { outline: 3px solid ${p.focus}; outline-offset: 2px; }
button[aria-pressed="true"] { background: ${p.pressedBackground}; color: ${p.pressedText}; border-color: ${p.pressedBackground}; }
button[aria-busy="true"] { cursor: progress; }
`

export const controlCss = (p: Palette) => `${vars(p)}
.note { margin-left: 4px; }
`

export const toastCss = (p: Palette) => `${vars(p)}
.toast { display: flex; align-items: center; gap: 10px; max-width: min(480px, calc(100vw - 32px)); padding: 10px 12px;
  background: ${p.background}; color: ${p.text}; border: 1px solid ${p.border}; border-radius: 10px;
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
.text { flex: 1 1 auto; overflow-wrap: anywhere; }
.close { border-radius: 6px; padding: 2px 8px; }
`
