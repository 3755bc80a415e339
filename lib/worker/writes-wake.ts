// When the write journal runs without a message to start it: at the time its next write is due
// (an alarm, which also wakes a stopped worker), when the browser starts and when Tendril is
// installed or updated (alarms are not guaranteed to survive either). A write due within the next
// few seconds is also timed in memory: an alarm cannot fire sooner than 30 s in Chromium, and the
// worker is still running then anyway.

export const WRITES_ALARM = 'tendril:writes'
/** Shorter waits than this are timed in memory too (the worker lives ≥ 30 s after an event). */
const IN_MEMORY_MS = 25_000

export interface WakeAlarms {
  create(name: string, info: { when: number }): Promise<void> | void
  clear(name: string): Promise<boolean> | void
  onAlarm: { addListener(fn: (alarm: { name: string }) => void): void }
}

export interface WakeRuntime {
  onStartup: { addListener(fn: () => void): void }
  onInstalled: { addListener(fn: () => void): void }
}

export function createWriteWaker(deps: { alarms: WakeAlarms; drain: () => Promise<void>; now?: () => number }) {
  const now = deps.now ?? Date.now
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    /** The journal's `wakeAt`. */
    wakeAt(at: number | null): void {
      if (timer) clearTimeout(timer)
      timer = undefined
      if (at === null) {
        void deps.alarms.clear(WRITES_ALARM)
        return
      }
      void deps.alarms.create(WRITES_ALARM, { when: Math.max(at, now() + 1000) })
      const delay = at - now()
      if (delay < IN_MEMORY_MS) timer = setTimeout(() => void deps.drain().catch(() => undefined), Math.max(0, delay))
    },
    /** Registers the listeners (synchronously, at the worker's top level). */
    register(runtime: WakeRuntime): void {
      const drain = () => void deps.drain().catch(() => undefined)
      deps.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === WRITES_ALARM) drain()
      })
      runtime.onStartup.addListener(drain)
      runtime.onInstalled.addListener(drain)
    },
  }
}
