import type { SourcePageView } from './views'

/** Whether a source page's view is worth the prompt: an eprint to offer, or one Tendril just added
 * on its own (to say so). Otherwise the page gets nothing drawn, and no prompt code at all. */
export const promptWanted = (view: SourcePageView | null): boolean =>
  view !== null && view.citations.some((c) => c.state === 'offered' || c.automatic === true)
