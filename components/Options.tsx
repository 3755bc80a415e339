import { useEffect, useState } from 'preact/hooks'
import { getEndpoints } from '@/lib/config/endpoints'
import { AutoBacklinkChoice } from './AutoBacklinkChoice'
import { MyBacklinksPanel } from './MyBacklinksPanel'

// The page the worker opens as `options.html#automatic` for "Set up automatic backlinks…": the choice
// is brought into view and focused then (and again if the hash is set while the page is open).
const CHOICE_HASH = '#automatic'

export function Options() {
  const endpoints = getEndpoints()
  const [focusRequest, setFocusRequest] = useState(() => (location.hash === CHOICE_HASH ? 1 : 0))
  useEffect(() => {
    const onHash = () => location.hash === CHOICE_HASH && setFocusRequest((n) => n + 1)
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])

  return (
    <main class="options" data-testid="options">
      <h1>Tendril settings</h1>
      <h2>Chive backlinks</h2>
      <AutoBacklinkChoice focusRequest={focusRequest} />
      <MyBacklinksPanel showEmpty />
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
