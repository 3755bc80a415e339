import { useEffect, useRef, useState } from 'preact/hooks'
import { describeError } from '@/lib/errors'
import type { Responses } from '@/lib/messages'
import { sendToWorker } from '@/lib/messaging/send'

type Settings = Responses['settings.get']

// The reader's one choice about writing without a click: Always, or Ask each time. Neither is
// checked until the reader has chosen (the worker remembers that they did); the worker keeps the
// setting, this only asks it.

export function AutoBacklinkChoice({ focusRequest = 0, onChosen }: { focusRequest?: number; onChosen?(settings: Settings): void }) {
  const [settings, setSettings] = useState<Settings | undefined>(undefined)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const group = useRef<HTMLFieldSetElement>(null)

  const load = () =>
    sendToWorker({ type: 'settings.get' }).then(
      (s) => (setSettings(s), setError(undefined)),
      (e) => setError(describeError(e)),
    )
  useEffect(() => {
    void load()
    // Another Tendril page (a second options tab, the popup) may have changed it meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && void load()
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [])

  // Asked to be shown (options.html#automatic): brought into view and focused once it can be used.
  const loaded = settings !== undefined
  useEffect(() => {
    if (focusRequest === 0 || !loaded || !group.current) return
    group.current.scrollIntoView({ block: 'center' })
    group.current.focus()
  }, [focusRequest, loaded])

  const choose = async (autoBacklink: boolean) => {
    setError(undefined)
    setSaving(true)
    try {
      const next = await sendToWorker({ type: 'settings.set', autoBacklink })
      setSettings(next)
      onChosen?.(next)
    } catch (e) {
      setError(describeError(e))
    } finally {
      setSaving(false)
    }
  }

  const chosen = settings?.autoBacklinkChosen ? (settings.autoBacklink ? 'always' : 'ask') : undefined
  const disabled = !loaded || saving
  return (
    <fieldset class="choice" id="automatic" data-testid="auto-backlink" tabIndex={-1} ref={group} aria-describedby="auto-backlink-rules">
      <legend>Automatic backlinks for your own posts and documents</legend>
      <label class="choice-option">
        <input
          type="radio"
          name="auto-backlink"
          value="always"
          data-testid="auto-backlink-always"
          checked={chosen === 'always'}
          disabled={disabled}
          onChange={() => void choose(true)}
        />
        <span>
          <strong>Always</strong> <span class="muted">— Tendril adds the backlink when you open your page.</span>
        </span>
      </label>
      <label class="choice-option">
        <input
          type="radio"
          name="auto-backlink"
          value="ask"
          data-testid="auto-backlink-ask"
          checked={chosen === 'ask'}
          disabled={disabled}
          onChange={() => void choose(false)}
        />
        <span>
          <strong>Ask each time</strong> <span class="muted">— Tendril offers it and you add it.</span>
        </span>
      </label>
      <p class="muted" id="auto-backlink-rules">
        Only for records in your own account, and only after Tendril has fetched the record and checked that it cites the eprint. Never for
        entries shared by link only, nor for a record that cites several eprints. Choosing Ask each time drops automatic backlinks not sent
        yet.
      </p>
      {loaded && !chosen && (
        <p class="muted" data-testid="auto-backlink-unchosen">
          Not chosen yet: until you choose, Tendril asks each time.
        </p>
      )}
      {error && (
        <p class="notice error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
