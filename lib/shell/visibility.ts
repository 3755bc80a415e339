// Since when a control Tendril drew has been visible without a break, as the browser sees it.
// Chromium has IntersectionObserver v2 (`trackVisibility`): `isVisible` is false while anything is
// painted over the element, or it (or an ancestor) is faded, transformed or filtered — the tricks a
// page would use to harvest clicks. Browsers without it (Firefox today) get plain intersection,
// and lib/shell/guard.ts adds its own checks at the moment of the click in every browser.

export interface VisibilityWatch {
  /** performance.now() time since which the element has been visible, or null if it is not now. */
  visibleSince(): number | null
  /** True where the browser tracks occlusion and effects (IntersectionObserver v2). */
  readonly tracksOcclusion: boolean
  stop(): void
}

/** Chromium needs at least 100 ms between visibility checks. */
const DELAY_MS = 100

export function hasVisibilityTracking(win: Window & typeof globalThis = window): boolean {
  return typeof win.IntersectionObserverEntry === 'function' && 'isVisible' in win.IntersectionObserverEntry.prototype
}

export function watchVisibility(element: Element, win: Window & typeof globalThis = window): VisibilityWatch {
  const tracksOcclusion = hasVisibilityTracking(win)
  let since: number | null = null
  const observer = new win.IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const visible = entry.isIntersecting && (!tracksOcclusion || (entry as IntersectionObserverEntry & { isVisible: boolean }).isVisible)
        if (!visible) since = null
        else if (since === null) since = entry.time
      }
    },
    // `trackVisibility` and `delay` are IntersectionObserver v2 (not yet in TypeScript's DOM types).
    { threshold: [0, 1], ...(tracksOcclusion ? { trackVisibility: true, delay: DELAY_MS } : {}) } as IntersectionObserverInit,
  )
  observer.observe(element)
  return {
    visibleSince: () => since,
    tracksOcclusion,
    stop: () => observer.disconnect(),
  }
}
