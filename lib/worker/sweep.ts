// What only grows unless something removes it: expired authorization requests (each holding a DPoP
// key), expired server and identity cache entries, service-auth tokens past use, and a sign-in that
// can no longer finish. The worker sweeps on a `browser.alarms` schedule, which wakes a stopped
// worker; not at every start, which would add to each wake (the popup ends a stale sign-in itself
// when it asks for the sign-in state).

export const SWEEP_ALARM = 'tendril:sweep'
/** Often enough that an abandoned sign-in's key does not outlive its 10-minute request by much. */
export const SWEEP_PERIOD_MINUTES = 5

export interface SweepDeps {
  expiring: Array<{ sweep(): Promise<number> }>
  serviceAuth: { sweep(): number }
  sessions: { reconcile(): Promise<void> }
}

export function createSweeper(deps: SweepDeps) {
  return async function sweep(): Promise<{ entries: number; tokens: number }> {
    await deps.sessions.reconcile()
    let entries = 0
    for (const store of deps.expiring) entries += await store.sweep()
    return { entries, tokens: deps.serviceAuth.sweep() }
  }
}

export interface AlarmsLike {
  get(name: string): Promise<unknown>
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void> | void
  onAlarm: { addListener(listener: (alarm: { name: string }) => void): void }
}

/** Registers the listener (synchronously, so the alarm that wakes a worker is heard) and makes
 * sure the schedule exists; alarms persist across worker stops and browser restarts. */
export function registerSweep(alarms: AlarmsLike, sweep: () => Promise<unknown>): void {
  alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SWEEP_ALARM) void sweep().catch(() => undefined)
  })
  void Promise.resolve(alarms.get(SWEEP_ALARM)).then((existing) => {
    if (!existing) return alarms.create(SWEEP_ALARM, { periodInMinutes: SWEEP_PERIOD_MINUTES })
  })
}
