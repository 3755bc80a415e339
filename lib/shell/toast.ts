import { h, render } from 'preact'
import { Toast } from '@/components/Toast'
import { createGuard } from './guard'
import { createShellHost } from './host'
import { toastCss } from './styles'

// Outcomes in words, where the reader is: one toast at a time, bottom right, a polite live region
// (screen readers announce it without stealing focus), dismissed after a while or by the reader.
// Its action (Undo) goes through the same guard as every control. Text is always rendered as text.

export const TOAST_MS = 8_000

export interface ToastOptions {
  text: string
  action?: { label: string; run(): void }
}

let current: { close(): void } | undefined

export function showToast(doc: Document, options: ToastOptions): () => void {
  current?.close()
  const { host, root } = createShellHost(doc, 'toast', toastCss, doc.body, 'position: fixed !important; right: 16px !important; bottom: 16px !important; z-index: 2147483647 !important;')
  const guard = createGuard(host)
  const container = doc.createElement('div')
  root.append(container)
  let timer: ReturnType<typeof setTimeout> | undefined
  const close = () => {
    clearTimeout(timer)
    guard.stop()
    render(null, container)
    host.remove()
    if (current === handle) current = undefined
  }
  const handle = { close }
  current = handle
  const draw = (text: string) =>
    render(
      h(Toast, {
        text,
        action: options.action?.label,
        onAction: (event: Event) => {
          const refusal = guard.refusal(event)
          if (refusal) return void host.setAttribute('data-refused', refusal)
          close()
          options.action!.run()
        },
        onClose: close,
      }),
      container,
    )
  doc.documentElement.append(host)
  // An empty live region first, then its text: what is added to an existing region is announced.
  draw('')
  setTimeout(() => draw(options.text), 50)
  timer = setTimeout(close, TOAST_MS)
  return close
}
