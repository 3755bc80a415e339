// A toast's content (drawn by lib/shell/toast.ts in a closed shadow root in the page).
export function Toast(props: { text: string; action?: string; onAction(event: Event): void; onClose(): void }) {
  return (
    <div class="toast t" role="status" aria-live="polite">
      <span class="text">{props.text}</span>
      {props.text && props.action && (
        <button type="button" class="action" onClick={(e) => props.onAction(e)}>
          {props.action}
        </button>
      )}
      {props.text && (
        <button type="button" class="close" aria-label="Dismiss" onClick={() => props.onClose()}>
          ×
        </button>
      )}
    </div>
  )
}
