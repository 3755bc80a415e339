import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rolldown } from 'rolldown'
import { beforeAll, describe, expect, it } from 'vitest'
import { oneZod3 } from '../../../scripts/build/one-zod-3'

// What the worker bundle is made of, from its real import graph: entrypoints/background.ts bundled
// by Rolldown (the bundler WXT's Vite uses) with the build's own resolver plugin. A stopped worker
// parses all of it at every wake, so what must stay out is checked here, not just hoped for.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
let modules: string[] = []

beforeAll(async () => {
  const bundle = await rolldown({
    input: path.join(ROOT, 'entrypoints', 'background.ts'),
    cwd: ROOT,
    platform: 'browser',
    resolve: { alias: { '@': ROOT } },
    plugins: [oneZod3()],
    logLevel: 'silent',
  })
  const { output } = await bundle.generate({ format: 'iife' })
  modules = output[0].moduleIds.map((id) => path.relative(ROOT, id).split(path.sep).join('/'))
  await bundle.close()
}, 60_000)

const from = (pkg: string) => modules.filter((id) => id.includes(`node_modules/${pkg}/`))

describe('the worker bundle', () => {
  it('is the real graph: the OAuth client and Tendril’s XRPC client are in it', () => {
    expect(from('@atproto/oauth-client').length).toBeGreaterThan(0)
    expect(modules).toContain('lib/xrpc/tendril-xrpc.ts')
  })

  it('imports no @atproto/api (its Agent carries every app.bsky, chat and ozone lexicon)', () => {
    expect(from('@atproto/api')).toEqual([])
  })

  it('holds one copy of zod 3, shared by every @atproto package', () => {
    expect(modules.filter((id) => /node_modules\/(.+\/)?zod\/(v3|lib)\/types\.js$/.test(id))).toHaveLength(1)
  })
})
