import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWriteWaker, WRITES_ALARM } from '../../../lib/worker/writes-wake'

function fakeAlarms() {
  const created: Array<{ name: string; when: number }> = []
  const cleared: string[] = []
  const listeners: Array<(alarm: { name: string }) => void> = []
  return {
    created,
    cleared,
    fire: (name: string) => listeners.forEach((l) => l({ name })),
    alarms: {
      create: (name: string, info: { when: number }) => void created.push({ name, ...info }),
      clear: (name: string) => void cleared.push(name),
      onAlarm: { addListener: (fn: (alarm: { name: string }) => void) => void listeners.push(fn) },
    },
  }
}

afterEach(() => vi.useRealTimers())

describe('the write waker', () => {
  it('asks for an alarm at the next due write, and clears it when nothing is due', () => {
    const { alarms, created, cleared } = fakeAlarms()
    const waker = createWriteWaker({ alarms, drain: async () => undefined, now: () => 1_000_000 })
    waker.wakeAt(1_000_000 + 5 * 60_000)
    expect(created).toEqual([{ name: WRITES_ALARM, when: 1_000_000 + 5 * 60_000 }])
    waker.wakeAt(null)
    expect(cleared).toEqual([WRITES_ALARM])
  })

  it('drains on its alarm, at browser start and on install or update, not on other alarms', () => {
    const { alarms, fire } = fakeAlarms()
    const drain = vi.fn(async () => undefined)
    const startup: Array<() => void> = []
    const installed: Array<() => void> = []
    createWriteWaker({ alarms, drain }).register({
      onStartup: { addListener: (fn) => void startup.push(fn) },
      onInstalled: { addListener: (fn) => void installed.push(fn) },
    })
    fire('tendril:sweep')
    expect(drain).not.toHaveBeenCalled()
    fire(WRITES_ALARM)
    startup.forEach((fn) => fn())
    installed.forEach((fn) => fn())
    expect(drain).toHaveBeenCalledTimes(3)
  })

  it('times a write due within seconds in memory too (an alarm cannot fire sooner than 30 s)', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const { alarms } = fakeAlarms()
    const drain = vi.fn(async () => undefined)
    const waker = createWriteWaker({ alarms, drain })
    waker.wakeAt(1_000_000 + 3_000)
    vi.advanceTimersByTime(2_999)
    expect(drain).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(drain).toHaveBeenCalledOnce()
  })
})
