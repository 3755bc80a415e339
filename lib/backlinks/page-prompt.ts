import { h } from 'preact'
import { BacklinkPrompt } from '@/components/BacklinkPrompt'
import { describeError } from '../errors'
import type { Request, Responses } from '../messages'
import { mountControl, type MountedControl } from '../shell/mount-control'
import { promptCss } from '../shell/styles'
import { showToast } from '../shell/toast'
import { describeBacklinkOutcome } from './outcome-text'
import { promptWanted } from './prompt-wanted'
import type { BacklinkReply, SourcePageView } from './views'

// The backlink prompt on a source page: shown when the worker's verification of the page's record
// found an eprint to offer (or just added the reader's own automatically), bottom left, above the
// page, through the in-page shell (so a hidden, faded or covered prompt cannot be clicked into a
// write). The prompt's script sends no claim but the eprint the reader chose, which the worker
// checks against its own verification of the tab's source.

export type Send = <T extends Request>(request: T) => Promise<Responses[T['type']]>

const PLACE = 'position: fixed !important; left: 16px !important; bottom: 16px !important; z-index: 2147483646 !important;'

export function createBacklinkPrompt(deps: { doc: Document; send: Send }) {
  let view: SourcePageView | null = null
  /** The address the reader closed the prompt on (for this visit only; "Not now" is remembered). */
  let closedAt: string | undefined
  let busy = false
  let control: MountedControl | undefined

  const wanted = () => view !== null && closedAt !== view.url && promptWanted(view)

  function draw(): void {
    if (!wanted()) {
      control?.unmount()
      control = undefined
      return
    }
    if (control?.alive()) return control.update()
    control?.unmount()
    control = mountControl({
      anchor: deps.doc.documentElement,
      near: deps.doc.body ?? deps.doc.documentElement,
      hostStyle: PLACE,
      kind: 'backlink-prompt',
      css: promptCss,
      view: (guarded) =>
        h(BacklinkPrompt, {
          view: view!,
          busy,
          onAdd: (eprint: string) => guarded((event: MouseEvent) => void act(event, { type: 'backlinks.add', eprint })),
          onDismiss: guarded((event: MouseEvent) => void act(event, { type: 'backlinks.dismiss' })),
          onSetup: guarded((event: MouseEvent) => void act(event, { type: 'backlinks.setup' })),
          onClose: () => {
            closedAt = view?.url
            draw()
          },
        }),
    })
  }

  async function act(event: MouseEvent, request: Extract<Request, { type: 'backlinks.add' | 'backlinks.dismiss' | 'backlinks.setup' }>): Promise<void> {
    // The second click of a double click, or a click while the first is being decided: one write.
    if (busy || event.detail > 1) return
    busy = true
    control?.update()
    try {
      const reply: BacklinkReply = await deps.send(request)
      if (reply.kind !== 'setup-opened') showToast(deps.doc, { text: describeBacklinkOutcome(reply).text })
    } catch (error) {
      showToast(deps.doc, { text: describeError(error) })
    } finally {
      busy = false
      await refresh()
    }
  }

  async function refresh(): Promise<void> {
    view = await deps.send({ type: 'backlinks.page' }).catch(() => null)
    draw()
  }

  return {
    /** Asks the worker again what this page offers (at load, after an in-app navigation). */
    refresh,
    stop(): void {
      control?.unmount()
      control = undefined
    },
  }
}
