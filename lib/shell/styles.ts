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

export const promptCss = (p: Palette) => `${vars(p)}
.prompt { width: min(380px, calc(100vw - 32px)); padding: 12px 14px; background: ${p.background}; color: ${p.text};
  border: 1px solid ${p.border}; border-radius: 12px; box-shadow: 0 4px 16px rgba(0, 0, 0, 0.25); }
.head { display: flex; align-items: flex-start; gap: 8px; }
.lead { flex: 1 1 auto; margin: 0 0 8px; font-weight: 600; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
li { display: grid; gap: 4px; }
.title { overflow-wrap: anywhere; }
.state { font-weight: 400; }
.note { margin: 8px 0 0; font-weight: 400; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
li button { white-space: normal; text-align: left; border-radius: 8px; }
.close { border-radius: 6px; padding: 2px 8px; }
`
