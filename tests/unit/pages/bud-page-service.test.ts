import { describe, expect, it, vi } from 'vitest'
import type { BranchlineClient, BudView } from '../../../lib/appview/branchline-client'
import { HandleNotFoundError } from '../../../lib/errors'
import { createBudPageService } from '../../../lib/pages/bud-page-service'

const root = 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa'
const mid = 'at://did:plc:basil/ink.branchline.bud/3kq2z7xyz2kbb'

function branchline(views: BudView[], branch: Record<string, string[]>): BranchlineClient {
  return {
    getBranch: vi.fn(async (uri: string) => branch[uri] ?? []),
    getBuds: vi.fn(async (uris: string[]) => views.filter((v) => uris.includes(v.uri))),
  }
}

describe('createBudPageService.describe', () => {
  const base = { text: '…', createdAt: '2026-11-01T00:00:00.000Z', pollenCount: 0 }
  const views: BudView[] = [
    { ...base, uri: root, cid: 'c1', depth: 0, title: 'The Lighthouse', author: { did: 'did:plc:ada', handle: 'ada.test' }, children: [mid] },
    { ...base, uri: mid, cid: 'c2', depth: 1, title: '  Fog  ', author: { did: 'did:plc:basil', handle: 'basil.test' }, children: [] },
  ]
  const client = branchline(views, { [root]: [root], [mid]: [root, mid] })

  it('describes a bud by its position in the story, from the AppView only', async () => {
    const service = createBudPageService({ branchline: client, resolveHandle: vi.fn() })
    expect(await service.describe('https://branchline.ink/bud/did:plc:basil/3kq2z7xyz2kbb#bud-3kq2z7xyz2kbb')).toEqual({
      kind: 'bud',
      bud: {
        uri: mid,
        title: 'Fog',
        position: 2,
        author: { did: 'did:plc:basil', handle: 'basil.test' },
        story: { rootUri: root, title: 'The Lighthouse' },
        childCount: 0,
        path: [root, mid],
      },
    })
  })

  it('resolves a handle in the URL to the DID', async () => {
    const resolveHandle = vi.fn(async () => 'did:plc:ada')
    const service = createBudPageService({ branchline: client, resolveHandle })
    const state = await service.describe('https://branchline.ink/bud/ada.test/3kq2z7xyz2kaa')
    expect(resolveHandle).toHaveBeenCalledWith('ada.test')
    expect(state).toMatchObject({ kind: 'bud', bud: { uri: root, position: 1, childCount: 1 } })
  })

  it('reports an unknown bud as missing, as the AppView answers it', async () => {
    const service = createBudPageService({ branchline: client, resolveHandle: vi.fn() })
    const url = 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kzz'
    expect(await service.describe(url)).toEqual({ kind: 'bud-missing', url })
  })

  it('passes identity errors through with their code', async () => {
    const service = createBudPageService({
      branchline: client,
      resolveHandle: vi.fn(async () => {
        throw new HandleNotFoundError('nobody.test')
      }),
    })
    await expect(service.describe('https://branchline.ink/bud/nobody.test/3kq2z7xyz2kaa')).rejects.toMatchObject({ code: 'HandleNotFound' })
  })

  it('refuses URLs that are not bud pages', async () => {
    const service = createBudPageService({ branchline: client, resolveHandle: vi.fn() })
    await expect(service.describe('https://branchline.ink/about')).rejects.toMatchObject({ code: 'NotABudPage' })
  })
})
