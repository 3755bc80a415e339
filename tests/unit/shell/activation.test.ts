import { describe, expect, it } from 'vitest'
import { MIN_VISIBLE_MS, refuseActivation, type ActivationFacts } from '../../../lib/shell/activation'

const ok: ActivationFacts = { isTrusted: true, connected: true, visibleSince: 1_000, now: 1_000 + MIN_VISIBLE_MS, onTop: true }

describe('refuseActivation', () => {
  it.each<[string, Partial<ActivationFacts>, string | undefined]>([
    ['a trusted click on a control visible long enough acts', {}, undefined],
    ['a synthetic event (element.click(), dispatchEvent) does nothing', { isTrusted: false }, 'untrusted'],
    ['a host the page removed does nothing', { connected: false }, 'detached'],
    ['a hidden, faded or covered control (visibility tracker) does nothing', { visibleSince: null }, 'hidden'],
    ['something laid over the control at the click point does nothing', { onTop: false }, 'covered'],
    ['a control shown just as the pointer arrived does nothing', { now: 1_000 + MIN_VISIBLE_MS - 1 }, 'too-soon'],
    ['untrusted wins over every other reason', { isTrusted: false, connected: false, visibleSince: null }, 'untrusted'],
  ])('%s', (_name, change, expected) => {
    expect(refuseActivation({ ...ok, ...change })).toBe(expected)
  })
})
