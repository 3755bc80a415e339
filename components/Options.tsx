import { useEffect, useState } from 'preact/hooks'
import { getEndpoints } from '@/lib/config/endpoints'
import { describeError } from '@/lib/errors'
import { sendToWorker } from '@/lib/messaging/send'

export function Options() {
  const [autoBacklink, setAutoBacklink] = useState<boolean | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const endpoints = getEndpoints()

  // The worker keeps settings (where no page can change them); this page only asks it.
  const load = () =>
    sendToWorker({ type: 'settings.get' }).then(
      (settings) => setAutoBacklink(settings.autoBacklink),
      (e) => setError(describeError(e)),
    )
  useEffect(() => {
    void load()
    // Another Tendril page (a second options tab) may have changed it meanwhile.
    const onVisible = () => document.visibilityState === 'visible' && void load()
    document.addEventListener('visibilitychange', onVisible)
    return () => document.removeEventListener('visibilitychange', onVisible)
  }, [])

  const change = async (value: boolean) => {
    setError(undefined)
    try {
      setAutoBacklink((await sendToWorker({ type: 'settings.set', autoBacklink: value })).autoBacklink)
    } catch (e) {
      setError(describeError(e))
    }
  }

  return (
    <main class="options" data-testid="options">
      <h1>Tendril settings</h1>
      {error && (
        <p class="notice error" role="alert" data-testid="settings-error">
          {error}
        </p>
      )}
      <label class="setting">
        <input
          type="checkbox"
          data-testid="auto-backlink"
          checked={autoBacklink === true}
          disabled={autoBacklink === undefined}
          onChange={(event) => void change(event.currentTarget.checked)}
        />
        <span>
          Create Chive backlinks for my own posts automatically.
          <br />
          <span class="muted">
            Only for records in your own account, and only after Tendril has fetched the record and checked that it
            really cites the eprint. Off until you turn it on.
          </span>
        </span>
      </label>
      <h2>Where Tendril connects</h2>
      <p class="muted" data-testid="build-target">
        {endpoints.buildTarget === 'sandbox' ? 'Sandbox build (local test network)' : 'Production build'}
      </p>
      <ul class="muted">
        <li>Branchline: {endpoints.branchlineAppViewUrl}</li>
        <li>Chive: {endpoints.chiveAppViewUrl}</li>
        <li>Identity directory: {endpoints.plcDirectoryUrl}</li>
      </ul>
    </main>
  )
}
