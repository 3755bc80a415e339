import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
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
    expect(text).not.toMatch(/\b(?:localhost|127\.0\.0\.1|\[::1\]):\d+/)
    for (const port of ports) expect(text).not.toContain(`:${port}`)
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
})
