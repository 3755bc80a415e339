import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { useSandbox } from '../setup/sandbox.ts'
import { launchTendril } from './harness/tendril.ts'
import { LOOPBACK_REDIRECT_URI } from '../../lib/atproto/oauth/client-metadata.ts'
import { loopbackHostPattern } from '../../lib/config/manifest.ts'
import { sandboxPorts } from '../sandbox/config.ts'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

// The store build must talk only to public infrastructure: nothing of the sandbox may leak into it.
describe('the production build', () => {
  const production = inject('productionPath')
  const sandbox = inject('extensionPath')
  const text = files(production)
    .filter((f) => /\.(js|json|html)$/.test(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n')
  const ports = Object.values(sandboxPorts())

  it('contains no loopback endpoint', () => {
    // The one loopback address a production build may hold is the loopback OAuth client's redirect
    // (README: the default build signs in as atproto's loopback client; nothing listens there), and
    // the manifest's host permission for exactly that origin.
    const loopback = [...text.matchAll(/\b(?:localhost|127\.0\.0\.1|\[::1\]):\d+[^\s`'"]*/g)].map((m) => m[0])
    const allowed = [LOOPBACK_REDIRECT_URI, loopbackHostPattern('chrome')]
    expect(loopback.filter((hit) => !allowed.includes(`http://${hit}`))).toEqual([])
    for (const port of ports) expect(text.includes(`:${port}/`) || text.includes(`:${port}\``), `port ${port}`).toBe(false)
  })

  it('contains no dev switch', () => {
    expect(text).toContain('"buildTarget":"production"')
    expect(text).not.toContain('"buildTarget":"sandbox"')
    expect(text).not.toContain('"allowHttp":true')
    expect(text).toContain('"plcDirectoryUrl":"https://plc.directory"')
  })

  it('ships the same manifest as the sandbox build', () => {
    const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest(production)).toEqual(manifest(sandbox))
  })

  it('is really a different build from the sandbox one', () => {
    // Guards the test above against comparing a build with itself.
    const sandboxText = files(sandbox).filter((f) => f.endsWith('.js')).map((f) => readFileSync(f, 'utf8')).join('\n')
    expect(sandboxText).toContain('"allowHttp":true')
  })

  it('loads in Chromium, and its worker starts and answers', async () => {
    const tendril = await launchTendril({ extensionPath: production, sandbox: useSandbox() })
    try {
      expect(await tendril.send({ type: 'ping' })).toEqual({ ok: true, value: { buildTarget: 'production', version: '0.1.0' } })
      expect(await tendril.send({ type: 'auth.state' })).toEqual({ ok: true, value: { accounts: [], activeDid: null, signIn: null } })
    } finally {
      await tendril.close()
    }
  })
})
