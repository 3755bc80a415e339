import { render, type VNode } from 'preact'
import type { Refusal } from './activation'
import { createGuard, type Guard } from './guard'
import { createShellHost } from './host'
import type { Mounted } from './selector-observer'
import type { Palette } from './theme'

// A control beside a page element: a shell host appended to `anchor`, a Preact view rendered into
// its closed root, and the guard every activation goes through. `guarded(fn)` wraps an event
// handler so it runs only for a trusted event on a control that is really visible
// (lib/shell/activation.ts); a refused event is counted on the host's `data-refused` attribute
// (the reason, for tests and for anyone inspecting the page — it carries nothing secret).

export type Guarded = <E extends Event>(fn: (event: E) => void) => (event: E) => void

export interface MountedControl extends Mounted {
  host: HTMLElement
  /** Draws the view again (new state). */
  update(): void
}

export function mountControl(options: {
  anchor: Element
  kind: string
  css: (p: Palette) => string
  view: (guarded: Guarded) => VNode<any>
  /** Where the palette is read from when it is not the anchor (a fixed prompt: the page's body). */
  near?: Element
  /** More inline host style (a fixed prompt's position), also !important. */
  hostStyle?: string
}): MountedControl {
  const doc = options.anchor.ownerDocument
  const { host, root } = createShellHost(doc, options.kind, options.css, options.near ?? options.anchor, options.hostStyle)
  options.anchor.append(host)
  const guard: Guard = createGuard(host)
  const guarded: Guarded = (fn) => (event) => {
    const refusal: Refusal | undefined = guard.refusal(event)
    if (refusal) {
      host.setAttribute('data-refused', refusal)
      return
    }
    host.removeAttribute('data-refused')
    fn(event)
  }
  const container = doc.createElement('span')
  container.className = 't'
  root.append(container)
  const draw = () => render(options.view(guarded), container)
  draw()
  return {
    host,
    update: draw,
    alive: () => host.isConnected && host.parentElement === options.anchor,
    unmount() {
      guard.stop()
      render(null, container)
      host.remove()
    },
  }
}
