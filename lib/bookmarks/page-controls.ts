import { h } from 'preact'
import { BudBookmarkControl } from '@/components/BudBookmarkControl'
import { describeError } from '../errors'
import type { BookmarkReply, BudMark, Request, Responses } from '../messages'
import { mountControl, type MountedControl } from '../shell/mount-control'
import { observeSelector } from '../shell/selector-observer'
import { controlCss } from '../shell/styles'
import { showToast } from '../shell/toast'
import { describeOutcome } from './outcome-text'

// The bookmark control beside each bud of a Branchline page (`li[data-bud-uri]`, StoryTree's
// Branch.tsx), drawn through the in-page shell. Which buds get one is the worker's answer, not the
// page's: a control is drawn only for a bud on the path the worker derived from the tab's URL, at
// most one per bud, and the worker checks again when it is used. A page that lists other buds
// gets no control for them.

export type Send = <T extends Request>(request: T) => Promise<Responses[T['type']]>

export const BUD_SELECTOR = 'li[data-bud-uri]'

interface Slot {
  mark: BudMark
  busy: boolean
  control?: MountedControl
}

export function createBudPageControls(deps: { doc: Document; send: Send }) {
  let marks = new Map<string, BudMark>()
  const slots = new Map<string, Slot>()

  async function activate(uri: string, event: MouseEvent): Promise<void> {
    const slot = slots.get(uri)
    // The second click of a double click, or a click while the first is being decided: one write.
    if (!slot || slot.busy || event.detail > 1) return
    slot.busy = true
    slot.control?.update()
    try {
      const type = slot.mark.state === 'bookmarked' ? 'bookmarks.remove' : 'bookmarks.bookmark'
      toast(await deps.send({ type, budUri: uri }))
    } catch (error) {
      showToast(deps.doc, { text: describeError(error) })
    } finally {
      slot.busy = false
      await refresh()
    }
  }

  function toast(reply: BookmarkReply): void {
    const { text, undo } = describeOutcome(reply)
    showToast(deps.doc, {
      text,
      action: undo
        ? {
            label: 'Undo',
            run: () =>
              void deps.send({ type: 'bookmarks.undo', token: undo }).then(
                (r) => (toast(r), refresh()),
                (e) => showToast(deps.doc, { text: describeError(e) }),
              ),
          }
        : undefined,
    })
  }

  const observer = observeSelector({
    root: deps.doc,
    selector: BUD_SELECTOR,
    attributes: ['data-bud-uri'],
    mount(li) {
      const uri = li.getAttribute('data-bud-uri') ?? ''
      const mark = marks.get(uri)
      const slot = slots.get(uri) ?? (mark ? { mark, busy: false } : undefined)
      if (!mark || !slot || slot.control) return undefined
      slot.mark = mark
      slots.set(uri, slot)
      const control = mountControl({
        anchor: li,
        kind: 'bookmark',
        css: controlCss,
        view: (guarded) =>
          h(BudBookmarkControl, { mark: slot.mark, busy: slot.busy, onActivate: guarded((event: MouseEvent) => void activate(uri, event)) }),
      })
      slot.control = control
      return {
        // Redrawn if the page changed the bud it names or the worker no longer lists it.
        alive: () => control.alive() && li.getAttribute('data-bud-uri') === uri && marks.has(uri),
        unmount() {
          control.unmount()
          if (slot.control === control) slot.control = undefined
        },
      }
    },
  })

  async function refresh(): Promise<void> {
    const answer = await deps.send({ type: 'bookmarks.marks' }).catch(() => null)
    marks = new Map((answer?.marks ?? []).map((m) => [m.uri, m]))
    for (const [uri, slot] of slots) {
      const mark = marks.get(uri)
      if (!mark) continue
      slot.mark = mark
      slot.control?.update()
    }
    observer.rescan()
  }

  return {
    /** Asks the worker again what each bud's control shows (after a navigation or a change). */
    refresh,
    stop: () => observer.stop(),
  }
}
