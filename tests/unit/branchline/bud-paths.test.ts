import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { createBudPaths, GONE_FOR_MS } from '../../../lib/branchline/bud-paths'
import { openTendrilDb } from '../../../lib/storage/db'

const bud = (k: string) => `at://did:plc:author/ink.branchline.bud/3kq2z7xyz2${k}aa`
let n = 0

describe('bud paths', () => {
  it('asks getBranch once per bud: a path is immutable, so it is kept (across a new worker too)', async () => {
    const db = openTendrilDb(`bud-paths-${n++}`)
    const getBranch = vi.fn(async (uri: string) => (uri === bud('b') ? [bud('r'), bud('b')] : []))
    expect(await createBudPaths({ db, branchline: { getBranch, getBuds: async () => [] } }).pathOf(bud('b'))).toEqual([bud('r'), bud('b')])
    expect(await createBudPaths({ db, branchline: { getBranch, getBuds: async () => [] } }).pathOf(bud('b'))).toEqual([bud('r'), bud('b')])
    expect(getBranch).toHaveBeenCalledOnce()
  })

  it('a bud the AppView does not know has no path, and is asked about again next time (it may be new)', async () => {
    const db = openTendrilDb(`bud-paths-${n++}`)
    const getBranch = vi.fn(async () => [] as string[])
    const paths = createBudPaths({ db, branchline: { getBranch, getBuds: async () => [] } })
    expect(await paths.pathOf(bud('x'))).toBeNull()
    expect(await paths.pathOf(bud('x'))).toBeNull()
    expect(getBranch).toHaveBeenCalledTimes(2)
  })

  it('an answer that does not end at the bud asked about is not taken for its path', async () => {
    const db = openTendrilDb(`bud-paths-${n++}`)
    const paths = createBudPaths({ db, branchline: { getBranch: async () => [bud('r'), bud('other')], getBuds: async () => [] } })
    expect(await paths.pathOf(bud('b'))).toBeNull()
  })
})

describe('pathsOf', () => {
  it('reads the cached paths at once and asks only for the others, each once', async () => {
    const db = openTendrilDb(`bud-paths-${n++}`)
    const getBranch = vi.fn(async (uri: string) => (uri === bud('b') ? [bud('r'), bud('b')] : []))
    const paths = createBudPaths({ db, branchline: { getBranch, getBuds: async () => [] } })
    await paths.remember([bud('r'), bud('a')])
    const found = await paths.pathsOf([bud('a'), bud('b'), bud('a'), bud('x')])
    expect(Object.fromEntries(found)).toEqual({ [bud('a')]: [bud('r'), bud('a')], [bud('b')]: [bud('r'), bud('b')], [bud('x')]: null })
    expect(getBranch.mock.calls.map((c) => c[0])).toEqual([bud('b'), bud('x')])
  })
})

describe('gone buds', () => {
  it('a bud found at neither the AppView nor its PDS is not asked about again for a while, then is', async () => {
    const db = openTendrilDb(`bud-paths-${n++}`)
    const clock = { now: 0 }
    const getBranch = vi.fn(async () => [] as string[])
    const read = vi.fn(async () => undefined)
    const walk = { read, walk: vi.fn(async () => ({ path: null, read: [] })) }
    const paths = createBudPaths({ db, branchline: { getBranch, getBuds: async () => [] }, walk: walk as never, now: () => clock.now })
    expect(await paths.pathOf(bud('x'))).toBeNull()
    expect(await paths.pathOf(bud('x'))).toBeNull()
    expect(getBranch).toHaveBeenCalledTimes(1)
    clock.now += GONE_FOR_MS + 1
    expect(await paths.pathOf(bud('x'))).toBeNull()
    expect(getBranch).toHaveBeenCalledTimes(2)
  })
})
