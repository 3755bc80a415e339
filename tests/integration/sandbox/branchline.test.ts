// The Branchline stand-in: answers from the PDS at request time, in the real AppView's shapes.
import { describe, expect, it } from 'vitest'
import { xrpc } from '../../sandbox/xrpc.ts'
import { useSandbox } from '../../setup/sandbox.ts'
import { didOf, freshUri, login, raw } from './helpers.ts'

const sb = useSandbox()
const { deepBranch, siblings, cousins, demo } = sb.seed.buds

const getBranch = (bud: string) => raw(sb.branchlineUrl, 'ink.branchline.getBranch', { params: { bud } })
const getBuds = (uris: string[]) => raw(sb.branchlineUrl, 'ink.branchline.getBuds', { params: { uris } })

describe('getBranch', () => {
  it('returns the whole ancestry root → bud', async () => {
    const res = await getBranch(deepBranch.leaf)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.body.buds).toHaveLength(deepBranch.depth)
    expect(res.body.buds[0]).toBe(deepBranch.root)
    expect(new Set(res.body.buds).size).toBe(deepBranch.depth)
  })

  it('answers an unknown bud as the real AppView: 200 {buds: []}', async () => {
    const res = await getBranch(freshUri(sb.seed.writers[0]!.did, 'ink.branchline.bud'))
    expect(res).toMatchObject({ status: 200, body: { buds: [] } })
  })

  it('rejects a missing or malformed bud with 400 InvalidRequest', async () => {
    const missing = await raw(sb.branchlineUrl, 'ink.branchline.getBranch')
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'InvalidRequest', message: 'bud is required' })
    const malformed = await getBranch('https://branchline.ink/bud/x/y')
    expect(malformed.status).toBe(400)
    expect(malformed.body.error).toBe('InvalidRequest')
  })
})

describe('getBuds', () => {
  it('hydrates bud views in input order with depth, parent, author and children', async () => {
    const path = (await getBranch(demo)).body.buds as string[]
    const res = await getBuds([...path].reverse())
    expect(res.status).toBe(200)
    const views = res.body.buds as any[]
    expect(views.map((v) => v.uri)).toEqual([...path].reverse())
    const byUri = new Map(views.map((v) => [v.uri, v]))
    path.forEach((uri, depth) => {
      const view = byUri.get(uri)
      expect(view.depth).toBe(depth)
      expect(view.cid).toMatch(/^bafyrei/)
      expect(typeof view.title).toBe('string')
      expect(typeof view.text).toBe('string')
      expect(view.author.did).toBe(didOf(uri))
      expect(view.author.handle).toMatch(/\.test$/)
      expect(view.author.displayName).toBeTruthy()
      expect(view.growing).toBe(false)
      expect(Date.parse(view.bloomsAt) - Date.parse(view.createdAt)).toBe(24 * 3600_000)
      if (depth === 0) expect(view.parent).toBeUndefined()
      else {
        expect(view.parent.uri).toBe(path[depth - 1])
        expect(view.parent.cid).toBe(byUri.get(path[depth - 1]!).cid)
        expect(byUri.get(path[depth - 1]!).children).toContain(uri)
      }
    })
  })

  it('shows siblings under one parent and cousins one level down', async () => {
    const [a, b] = (await getBuds([...siblings])).body.buds
    expect(a.parent.uri).toBe(b.parent.uri)
    const parent = (await getBuds([a.parent.uri])).body.buds[0]
    expect(parent.children).toEqual(expect.arrayContaining([...siblings]))
    const [c1, c2] = (await getBuds([...cousins])).body.buds
    expect([c1.parent.uri, c2.parent.uri].sort()).toEqual([...siblings].sort())
  })

  it('leaves unknown URIs out and omits `children` on a leaf', async () => {
    const unknown = freshUri(sb.seed.writers[1]!.did, 'ink.branchline.bud')
    const res = await getBuds([unknown, deepBranch.leaf])
    expect(res.status).toBe(200)
    expect(res.body.buds.map((v: any) => v.uri)).toEqual([deepBranch.leaf])
    const onlyUnknown = await getBuds([unknown])
    expect(onlyUnknown).toMatchObject({ status: 200, body: { buds: [] } })
  })

  it('uses only the first 25 URIs, as the real AppView', async () => {
    const path = (await getBranch(deepBranch.leaf)).body.buds as string[]
    const res = await getBuds(path.slice(0, 30))
    expect(res.status).toBe(200)
    expect(res.body.buds.map((v: any) => v.uri)).toEqual(path.slice(0, 25))
  })

  it('rejects missing or malformed uris with 400 InvalidRequest', async () => {
    const missing = await raw(sb.branchlineUrl, 'ink.branchline.getBuds')
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'InvalidRequest', message: 'uris is required' })
    expect((await getBuds([deepBranch.leaf, 'not an at-uri'])).status).toBe(400)
  })
})

describe('live reads', () => {
  /** A leaf of the second story that the manifest does not name, so e2e tests reading the named
   * buds at the same time never see the temporary child. */
  async function unnamedLeaf(): Promise<any> {
    let view = (await getBuds([sb.seed.stories[1]!.root])).body.buds[0]
    while (view.children) view = (await getBuds([view.children.at(-1)])).body.buds[0]
    return view
  }

  it('sees a bud written during the test, at once', async () => {
    const parentView = await unnamedLeaf()
    const parentUri: string = parentView.uri
    const parentPath = (await getBranch(parentUri)).body.buds as string[]
    // Branchline forbids extending your own bud: write as a writer who is not the leaf's author.
    const writer = sb.seed.writers.find((w) => w.did !== parentView.author.did)!
    const session = await login(writer.handle)
    const created = await xrpc(sb.pdsUrl, 'com.atproto.repo.createRecord', {
      token: session.accessJwt,
      body: {
        repo: session.did,
        collection: 'ink.branchline.bud',
        record: {
          $type: 'ink.branchline.bud',
          title: 'Written during the test',
          text: 'The lamp turned once more, and this time someone was watching.',
          createdAt: new Date().toISOString(),
          parent: { uri: parentUri, cid: parentView.cid },
        },
      },
    })

    const branch = await getBranch(created.uri)
    expect(branch.body.buds).toEqual([...parentPath, created.uri])

    const [child, parent] = (await getBuds([created.uri, parentUri])).body.buds
    expect(child).toMatchObject({
      uri: created.uri,
      cid: created.cid,
      depth: parentView.depth + 1,
      growing: true,
      pollenCount: 0,
      author: { did: writer.did, handle: writer.handle },
      parent: { uri: parentUri, cid: parentView.cid },
    })
    expect(child.children).toBeUndefined()
    expect(parent.children).toContain(created.uri)

    // Deleting it is seen just as fast.
    await xrpc(sb.pdsUrl, 'com.atproto.repo.deleteRecord', {
      token: session.accessJwt,
      body: { repo: session.did, collection: 'ink.branchline.bud', rkey: created.uri.split('/').pop() },
    })
    expect((await getBranch(created.uri)).body.buds).toEqual([])
    expect((await getBuds([parentUri])).body.buds[0].children ?? []).not.toContain(created.uri)
  })

  it('leaves out a bud whose parent it does not know (the real indexer rejects orphans)', async () => {
    const writer = sb.seed.writers[0]!
    const session = await login(writer.handle)
    const created = await xrpc(sb.pdsUrl, 'com.atproto.repo.createRecord', {
      token: session.accessJwt,
      body: {
        repo: session.did,
        collection: 'ink.branchline.bud',
        record: {
          $type: 'ink.branchline.bud',
          title: 'Orphan',
          text: 'No parent anyone knows.',
          createdAt: new Date().toISOString(),
          parent: { uri: freshUri(sb.seed.writers[1]!.did, 'ink.branchline.bud'), cid: parentCidPlaceholder },
        },
      },
    })
    try {
      expect((await getBranch(created.uri)).body.buds).toEqual([])
      expect((await getBuds([created.uri])).body.buds).toEqual([])
    } finally {
      await xrpc(sb.pdsUrl, 'com.atproto.repo.deleteRecord', {
        token: session.accessJwt,
        body: { repo: session.did, collection: 'ink.branchline.bud', rkey: created.uri.split('/').pop() },
      })
    }
  })
})

const parentCidPlaceholder = 'bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm'
