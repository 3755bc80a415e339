// Places something beside every element matching a selector, for as long as it matches: the site
// renders late, re-renders, and (a single-page app) swaps its whole content on navigation. A
// MutationObserver, not timers: nothing runs while the page is still, and a change is seen in the
// same task. Each batch of mutations costs one querySelectorAll, and only batches that add or
// remove elements (or change a watched attribute) are looked at, so a page that floods text or
// style changes costs next to nothing; `limit` bounds what a page that floods matching elements
// can make Tendril draw.

export interface SelectorObserver {
  /** Looks again now (e.g. after what `mount` decides on has changed). */
  rescan(): void
  /** Stops observing and unmounts everything. */
  stop(): void
}

export interface Mounted {
  /** Still in place (a page may remove what Tendril drew). */
  alive(): boolean
  unmount(): void
}

/** What the page removed is drawn again at most this often per element: a page that keeps
 * removing it gets no fight (and no loop). */
const MAX_REMOUNTS = 3

export interface SelectorObserverOptions {
  root: ParentNode & Node
  selector: string
  /** Attributes whose change may make an element match or stop matching. */
  attributes?: string[]
  /** Draws beside `element`; returns what was drawn, or undefined to draw nothing (it is asked
   * again at the next rescan). */
  mount(element: Element): Mounted | undefined
  /** At most this many mounted at once (default 1000). */
  limit?: number
}

export function observeSelector(options: SelectorObserverOptions): SelectorObserver {
  const { root, selector } = options
  const limit = options.limit ?? 1000
  const mounted = new Map<Element, Mounted>()
  const remounts = new WeakMap<Element, number>()

  function scan(): void {
    for (const [element, drawn] of mounted) {
      const gone = !element.isConnected || !element.matches(selector)
      if (gone || !drawn.alive()) {
        mounted.delete(element)
        drawn.unmount()
        if (!gone) remounts.set(element, (remounts.get(element) ?? 0) + 1)
      }
    }
    for (const element of root.querySelectorAll(selector)) {
      if (mounted.size >= limit) break
      if (mounted.has(element) || (remounts.get(element) ?? 0) > MAX_REMOUNTS) continue
      const drawn = options.mount(element)
      if (drawn) mounted.set(element, drawn)
    }
  }

  const relevant = (records: MutationRecord[]) =>
    records.some((r) => r.type === 'attributes' || hasElement(r.addedNodes) || hasElement(r.removedNodes))

  const observer = new MutationObserver((records) => {
    if (relevant(records)) scan()
  })
  observer.observe(root, { childList: true, subtree: true, ...(options.attributes?.length ? { attributes: true, attributeFilter: options.attributes } : {}) })
  scan()

  return {
    rescan: scan,
    stop() {
      observer.disconnect()
      for (const drawn of mounted.values()) drawn.unmount()
      mounted.clear()
    },
  }
}

function hasElement(nodes: NodeList): boolean {
  for (let i = 0; i < nodes.length; i++) if (nodes[i]!.nodeType === 1) return true
  return false
}
