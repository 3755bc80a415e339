import { useEffect, useState } from 'preact/hooks'
import { getEndpoints } from '@/lib/config/endpoints'
import { autoBacklinkSetting } from '@/lib/settings'

export function Options() {
  const [autoBacklink, setAutoBacklink] = useState<boolean | undefined>(undefined)
  const endpoints = getEndpoints()

  useEffect(() => {
    void autoBacklinkSetting.getValue().then(setAutoBacklink)
    return autoBacklinkSetting.watch((value) => setAutoBacklink(value))
  }, [])

  return (
    <main class="options" data-testid="options">
      <h1>Tendril settings</h1>
      <label class="setting">
        <input
          type="checkbox"
          data-testid="auto-backlink"
          checked={autoBacklink === true}
          disabled={autoBacklink === undefined}
          onChange={(event) => void autoBacklinkSetting.setValue(event.currentTarget.checked)}
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
