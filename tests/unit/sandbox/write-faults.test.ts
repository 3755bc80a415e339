// The write-fault plan (tests/sandbox/write-faults.ts): which writes a lever touches and what each
// write gets. The http side is covered against the running sandbox
// (tests/integration/sandbox/write-faults.test.ts).
import { describe, expect, it } from 'vitest'
import { createFaultPlan, isWrite, seededRandom, type FaultDecision, type FaultPlan } from '../../sandbox/write-faults.ts'

const take = (plan: FaultPlan, n: number): FaultDecision[] => Array.from({ length: n }, () => plan.decide())
const kinds = (decisions: FaultDecision[]) => decisions.map((d) => d.kind)

describe('isWrite', () => {
  it('is a POST to one of the service’s record-changing procedures, query string ignored', () => {
    for (const nsid of ['createRecord', 'putRecord', 'deleteRecord', 'applyWrites']) {
      expect(isWrite('pds', 'POST', `/xrpc/com.atproto.repo.${nsid}`), nsid).toBe(true)
    }
    expect(isWrite('pds', 'POST', '/xrpc/com.atproto.repo.createRecord?x=1')).toBe(true)
    expect(isWrite('chive', 'POST', '/xrpc/pub.chive.backlink.create')).toBe(true)
    expect(isWrite('chive', 'POST', '/xrpc/pub.chive.backlink.delete')).toBe(true)
  })

  it('leaves reads, OAuth, sessions and the other service’s writes alone', () => {
    expect(isWrite('pds', 'GET', '/xrpc/com.atproto.repo.getRecord')).toBe(false)
    expect(isWrite('pds', 'GET', '/xrpc/com.atproto.repo.createRecord')).toBe(false)
    expect(isWrite('pds', 'OPTIONS', '/xrpc/com.atproto.repo.createRecord')).toBe(false)
    expect(isWrite('pds', 'POST', '/xrpc/com.atproto.server.createSession')).toBe(false)
    expect(isWrite('pds', 'POST', '/oauth/token')).toBe(false)
    expect(isWrite('pds', 'POST', '/oauth/par')).toBe(false)
    expect(isWrite('pds', 'POST', '/xrpc/com.atproto.repo.uploadBlob')).toBe(false)
    expect(isWrite('pds', 'POST', '/xrpc/pub.chive.backlink.create')).toBe(false)
    expect(isWrite('chive', 'POST', '/xrpc/com.atproto.repo.createRecord')).toBe(false)
    expect(isWrite('chive', 'GET', '/xrpc/pub.chive.backlink.list')).toBe(false)
    expect(isWrite('chive', 'POST', '/xrpc/pub.chive.backlink.createX')).toBe(false)
  })
})

describe('counted levers', () => {
  it('fail: exactly the next N writes, with the status and Retry-After armed; then writes pass', () => {
    const plan = createFaultPlan()
    plan.armFail(3, 429, 7)
    expect(plan.state()).toMatchObject({ failsLeft: 3, failStatus: 429, retryAfter: 7 })
    expect(plan.decide()).toEqual({ kind: 'fail', status: 429, retryAfter: 7 })
    expect(plan.state().failsLeft).toBe(2)
    expect(take(plan, 3)).toEqual([
      { kind: 'fail', status: 429, retryAfter: 7 },
      { kind: 'fail', status: 429, retryAfter: 7 },
      { kind: 'pass' },
    ])
    expect(plan.state()).toMatchObject({ failsLeft: 0, totals: { failed: 3, dropped: 0, held: 0, passed: 1 } })
  })

  it('fail without retryAfter has none; a new arming replaces the old one', () => {
    const plan = createFaultPlan()
    plan.armFail(5, 429, 7)
    plan.armFail(1, 500)
    expect(take(plan, 2)).toEqual([{ kind: 'fail', status: 500 }, { kind: 'pass' }])
    expect(plan.state()).not.toHaveProperty('retryAfter')
  })

  it('drop-answer: exactly the next N writes', () => {
    const plan = createFaultPlan()
    plan.armDrop(2)
    expect(plan.state().dropsLeft).toBe(2)
    expect(kinds(take(plan, 3))).toEqual(['drop', 'drop', 'pass'])
    expect(plan.state()).toMatchObject({ dropsLeft: 0, totals: { dropped: 2, passed: 1 } })
  })

  it('count 0 disarms', () => {
    const plan = createFaultPlan()
    plan.armFail(2, 503)
    plan.armFail(0, 503)
    plan.armDrop(0)
    expect(plan.decide()).toEqual({ kind: 'pass' })
  })
})

describe('hold', () => {
  it('holds every write (without a time limit) until stopHolding', () => {
    const plan = createFaultPlan()
    plan.hold()
    expect(take(plan, 3)).toEqual([{ kind: 'hold' }, { kind: 'hold' }, { kind: 'hold' }])
    plan.stopHolding()
    expect(plan.decide()).toEqual({ kind: 'pass' })
    expect(plan.state()).toMatchObject({ holding: false, totals: { held: 3, passed: 1 } })
  })
})

describe('precedence when several levers are armed: fail, drop, hold, random', () => {
  it('counted levers are used up first, then the standing modes', () => {
    const plan = createFaultPlan()
    plan.armRandom({ seed: 1, fail: 1, drop: 0, hold: 0, holdMs: 0, status: 502 })
    plan.hold()
    plan.armDrop(2)
    plan.armFail(2, 503)
    expect(take(plan, 6)).toEqual([
      { kind: 'fail', status: 503 },
      { kind: 'fail', status: 503 },
      { kind: 'drop' },
      { kind: 'drop' },
      { kind: 'hold' },
      { kind: 'hold' },
    ])
    plan.stopHolding()
    expect(plan.decide()).toEqual({ kind: 'fail', status: 502 })
    // Writes claimed by other levers drew nothing from the PRNG.
    expect(plan.state().random?.draws).toBe(1)
  })
})

describe('random', () => {
  const settings = { seed: 42, fail: 0.2, drop: 0.3, hold: 0.1, holdMs: 25, status: 504 }

  it('the same seed gives the same decisions; another seed does not', () => {
    const a = createFaultPlan()
    const b = createFaultPlan()
    const c = createFaultPlan()
    a.armRandom(settings)
    b.armRandom(settings)
    c.armRandom({ ...settings, seed: 43 })
    const first = take(a, 200)
    expect(take(b, 200)).toEqual(first)
    expect(take(c, 200)).not.toEqual(first)
    // Arming again restarts the sequence from the seed.
    a.armRandom(settings)
    expect(take(a, 200)).toEqual(first)
  })

  it('draws each fault with roughly its probability, with the armed status and hold time', () => {
    const plan = createFaultPlan()
    plan.armRandom(settings)
    const n = 20_000
    const decisions = take(plan, n)
    const share = (kind: string) => decisions.filter((d) => d.kind === kind).length / n
    expect(share('fail')).toBeCloseTo(0.2, 1)
    expect(share('drop')).toBeCloseTo(0.3, 1)
    expect(share('hold')).toBeCloseTo(0.1, 1)
    expect(share('pass')).toBeCloseTo(0.4, 1)
    expect(decisions.find((d) => d.kind === 'fail')).toEqual({ kind: 'fail', status: 504 })
    expect(decisions.find((d) => d.kind === 'hold')).toEqual({ kind: 'hold', ms: 25 })
    expect(plan.state().random).toEqual({ ...settings, draws: n })
    expect(plan.state().totals).toEqual({
      failed: share('fail') * n, dropped: share('drop') * n, held: share('hold') * n, passed: share('pass') * n,
    })
  })

  it('probability 0 everywhere passes every write', () => {
    const plan = createFaultPlan()
    plan.armRandom({ ...settings, fail: 0, drop: 0, hold: 0 })
    expect(new Set(kinds(take(plan, 500)))).toEqual(new Set(['pass']))
  })

  it('seededRandom is in [0, 1) and reproducible', () => {
    const r1 = seededRandom(7)
    const r2 = seededRandom(7)
    const xs = Array.from({ length: 1000 }, r1)
    expect(Array.from({ length: 1000 }, r2)).toEqual(xs)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(new Set(xs).size).toBeGreaterThan(990)
  })
})

describe('reset', () => {
  it('disarms every lever and zeroes the totals', () => {
    const plan = createFaultPlan()
    const fresh = plan.state()
    plan.armFail(3, 429, 2)
    plan.armDrop(3)
    plan.hold()
    plan.armRandom({ seed: 1, fail: 1, drop: 0, hold: 0, holdMs: 0, status: 503 })
    plan.decide()
    plan.reset()
    expect(plan.state()).toEqual(fresh)
    expect(kinds(take(plan, 5))).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
  })
})
