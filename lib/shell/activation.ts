// When a click or key press on a control Tendril drew in a page may act. Pure, so the rule is one
// table (tests/unit/shell/activation.test.ts); lib/shell/guard.ts gathers the facts from the DOM.
//
// A page shares the DOM with Tendril's controls and may do anything to them: dispatch synthetic
// events (isTrusted false), remove or restyle the host, cover it with something that passes the
// click through, fade it to nearly transparent, or show it just as the pointer arrives. A control
// that writes acts only on a trusted event, while it is attached, really visible (nothing over it,
// not faded, transformed or filtered: IntersectionObserver v2 where the browser has it), and has
// been so for a moment — long enough that the reader saw what they clicked.

/** How long a control must have been continuously visible before it acts. Chromium's own
 * IntersectionObserver v2 needs a `delay` of at least 100 ms; a reader aiming at a button takes
 * longer than this. */
export const MIN_VISIBLE_MS = 500

export interface ActivationFacts {
  isTrusted: boolean
  /** The host element is still in the document. */
  connected: boolean
  /** Since when (ms, the event clock) the control has been visible without a break; null: not visible now. */
  visibleSince: number | null
  now: number
  /** The topmost element at the activation point is Tendril's host (not something laid over it). */
  onTop: boolean
}

export type Refusal = 'untrusted' | 'detached' | 'hidden' | 'covered' | 'too-soon'

export function refuseActivation(f: ActivationFacts): Refusal | undefined {
  if (!f.isTrusted) return 'untrusted'
  if (!f.connected) return 'detached'
  if (f.visibleSince === null) return 'hidden'
  if (!f.onTop) return 'covered'
  if (f.now - f.visibleSince < MIN_VISIBLE_MS) return 'too-soon'
  return undefined
}
