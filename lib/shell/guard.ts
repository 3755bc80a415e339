import { refuseActivation, type Refusal } from './activation'
import { watchVisibility } from './visibility'

// The guard every acting control in a page goes through: it gathers the facts about an event and
// the control's host and applies the one rule (lib/shell/activation.ts). Besides the browser's
// visibility tracking it checks, at the moment of the event, that the host is the topmost element
// at the point acted on and that nothing up its ancestry makes it faint or invisible — in every
// browser, so one without IntersectionObserver v2 is still covered.

/** Below this opacity (multiplied along the ancestry) a control counts as hidden. */
const MIN_OPACITY = 0.9

export interface Guard {
  /** Why `event` may not act on the control, or undefined if it may. */
  refusal(event: Event): Refusal | undefined
  stop(): void
}

export function createGuard(host: HTMLElement): Guard {
  const doc = host.ownerDocument
  const win = doc.defaultView!
  const watch = watchVisibility(host, win as Window & typeof globalThis)
  return {
    refusal(event) {
      const connected = host.isConnected
      const visible = connected && styleVisible(host, win)
      return refuseActivation({
        isTrusted: event.isTrusted,
        connected,
        visibleSince: visible ? watch.visibleSince() : null,
        now: event.timeStamp,
        onTop: connected && isOnTop(host, event),
      })
    },
    stop: () => watch.stop(),
  }
}

/** The host is the topmost element where the event happened (the pointer's position, or the host's
 * centre for a key press). Something laid over the host with `pointer-events: none` is invisible
 * to hit testing: the visibility tracker catches those where the browser has one. */
function isOnTop(host: HTMLElement, event: Event): boolean {
  const box = host.getBoundingClientRect()
  const pointer = event instanceof MouseEvent && event.detail > 0
  const x = pointer ? event.clientX : box.left + box.width / 2
  const y = pointer ? event.clientY : box.top + box.height / 2
  return host.ownerDocument.elementFromPoint(x, y) === host
}

/** Not hidden, faded or filtered anywhere up the ancestry (across shadow hosts). */
function styleVisible(host: HTMLElement, win: Window): boolean {
  if (typeof host.checkVisibility === 'function' && !host.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
    return false
  }
  let opacity = 1
  for (let el: Element | null = host; el; el = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host ?? null)) {
    const style = win.getComputedStyle(el)
    opacity *= Number.parseFloat(style.opacity || '1')
    if (style.visibility !== 'visible' || (style.filter && style.filter !== 'none') || style.mixBlendMode !== 'normal') return false
  }
  return opacity >= MIN_OPACITY
}
