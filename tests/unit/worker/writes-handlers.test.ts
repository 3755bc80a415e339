import { describe, expect, it } from 'vitest'
import type { WriteEntry } from '../../../lib/writes/entry'
import { viewOf } from '../../../lib/worker/writes-handlers'

const entry = (over: Partial<WriteEntry>): WriteEntry => ({
  v: 1,
  id: '3kq0001',
  did: 'did:plc:reader',
  feature: 'bookmark',
  label: 'Bookmark “The Keeper’s Log”',
  op: { kind: 'create', collection: 'ink.branchline.bookmark', rkey: '3kqaaa', record: { secret: 'not shown' } },
  status: 'pending',
  attempts: 2,
  nextAttemptAt: Date.parse('2026-11-30T12:00:10.000Z'),
  maybeLanded: true,
  createdAt: Date.parse('2026-11-30T12:00:00.000Z'),
  ...over,
})

describe('viewOf (what the popup sees of a write)', () => {
  it.each<[string, Partial<WriteEntry>, object]>([
    ['pending, with when it is tried next', {}, { status: 'pending', nextAttemptAt: '2026-11-30T12:00:10.000Z' }],
    ['waiting for its account to sign in again', { error: { code: 'SessionExpired', message: 'Sign in again.' } }, { status: 'waiting', error: { code: 'SessionExpired', message: 'Sign in again.' } }],
    ['failed, with the reason', { status: 'failed', error: { code: 'InvalidRequest', message: 'Your server refused this write.' } }, { status: 'failed', error: { message: 'Your server refused this write.' } }],
    ['a conflict', { status: 'conflict', error: { code: 'InvalidSwap', message: 'changed elsewhere' } }, { status: 'conflict' }],
  ])('%s', (_, over, expected) => {
    const view = viewOf(entry(over))
    expect(view).toMatchObject({ id: '3kq0001', label: 'Bookmark “The Keeper’s Log”', attempts: 2, createdAt: '2026-11-30T12:00:00.000Z', ...expected })
    expect(JSON.stringify(view)).not.toContain('not shown')
    if (view.status !== 'pending') expect(view.nextAttemptAt).toBeUndefined()
  })
})
