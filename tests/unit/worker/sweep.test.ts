import { describe, expect, it, vi } from 'vitest'
import { createSweeper, registerSweep, SWEEP_ALARM, SWEEP_PERIOD_MINUTES } from '../../../lib/worker/sweep'

describe('the periodic sweep', () => {
  it('ends a sign-in that cannot finish, sweeps every expiring store and the service-auth cache', async () => {
    const order: string[] = []
    const sweep = createSweeper({
      sessions: { reconcile: async () => void order.push('sign-in') },
      expiring: [{ sweep: async () => (order.push('requests'), 2) }, { sweep: async () => (order.push('caches'), 3) }],
      serviceAuth: { sweep: () => (order.push('tokens'), 1) },
    })
    expect(await sweep()).toEqual({ entries: 5, tokens: 1 })
    expect(order).toEqual(['sign-in', 'requests', 'caches', 'tokens'])
  })

  it('is scheduled with alarms (which wake a stopped worker) once, and runs on its alarm only', async () => {
    let listener: ((alarm: { name: string }) => void) | undefined
    const alarms = {
      get: vi.fn(async () => undefined),
      create: vi.fn(async () => undefined),
      onAlarm: { addListener: (l: (alarm: { name: string }) => void) => void (listener = l) },
    }
    const sweep = vi.fn(async () => undefined)
    registerSweep(alarms, sweep)
    await vi.waitFor(() => expect(alarms.create).toHaveBeenCalledWith(SWEEP_ALARM, { periodInMinutes: SWEEP_PERIOD_MINUTES }))
    listener!({ name: 'something-else' })
    expect(sweep).not.toHaveBeenCalled()
    listener!({ name: SWEEP_ALARM })
    expect(sweep).toHaveBeenCalledOnce()

    // A woken worker finds the alarm already there and does not reschedule it.
    alarms.create.mockClear()
    alarms.get.mockResolvedValueOnce({ name: SWEEP_ALARM } as never)
    registerSweep(alarms, sweep)
    await new Promise((r) => setTimeout(r, 0))
    expect(alarms.create).not.toHaveBeenCalled()
  })
})
