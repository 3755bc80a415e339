import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { openTendrilDb } from '../../../lib/storage/db'
import { createIntents } from '../../../lib/writes/intent'

let n = 0
function setup() {
  const db = openTendrilDb(`intents-test-${n++}`)
  let id = 0
  let clock = 1000
  const intents = createIntents({ db, newId: () => `i${id++}`, now: () => clock++ })
  return { intents, db }
}

describe('intents (asked for while signed out)', () => {
  it('are kept, then handed to their feature for the account that signs in, oldest first, and removed', async () => {
    const { intents } = setup()
    const decided: Array<[string, unknown]> = []
    intents.register('bookmark', async (did, payload) => void decided.push([did, payload]))
    await intents.keep('bookmark', 'Bookmark “A”', { bud: 'a' })
    await intents.keep('bookmark', 'Bookmark “B”', { bud: 'b' })
    expect((await intents.list()).map((i) => i.label)).toEqual(['Bookmark “A”', 'Bookmark “B”'])
    expect(await intents.decideFor('did:plc:reader')).toBe(2)
    expect(decided).toEqual([['did:plc:reader', { bud: 'a' }], ['did:plc:reader', { bud: 'b' }]])
    expect(await intents.list()).toEqual([])
  })

  it('one whose feature has no decider yet, or whose decider fails, stays for the next sign-in', async () => {
    const { intents } = setup()
    await intents.keep('backlink', 'Backlink', {})
    intents.register('bookmark', async () => {
      throw new Error('the PDS is down')
    })
    await intents.keep('bookmark', 'Bookmark', {})
    expect(await intents.decideFor('did:plc:reader')).toBe(0)
    expect((await intents.list()).map((i) => i.feature).sort()).toEqual(['backlink', 'bookmark'])
  })

  it('two sign-ins at once decide an intent once', async () => {
    const { intents } = setup()
    const decide = vi.fn(async () => new Promise<void>((r) => setTimeout(r, 5)))
    intents.register('bookmark', decide)
    await intents.keep('bookmark', 'Bookmark', {})
    await Promise.all([intents.decideFor('did:plc:a'), intents.decideFor('did:plc:b')])
    expect(decide).toHaveBeenCalledTimes(1)
  })

  it('leaves one of a newer format alone', async () => {
    const { intents, db } = setup()
    await (await db).put('intents', { id: 'future', v: 2 })
    intents.register('bookmark', async () => undefined)
    await intents.decideFor('did:plc:reader')
    expect(await intents.list()).toEqual([])
    expect(await (await db).get('intents', 'future')).toEqual({ id: 'future', v: 2 })
  })
})
