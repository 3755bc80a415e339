import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { ROOT } from './setup/build.ts'

// Firefox gets the same code as an MV2 build (WXT's default for Firefox). It is not driven here
// (README: what was and was not run), but it must build and pass Mozilla's own linter.
describe('the Firefox build', () => {
  const dir = inject('firefoxPath')

  // Its permissions and the rest of its manifest: tests/e2e/built-manifests.test.ts.
  it('is an MV2 add-on with a stable id', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest.manifest_version).toBe(2)
    expect(manifest.browser_specific_settings.gecko.id).toBe('tendril@tendril-reader')
  })

  it('passes web-ext lint without errors', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const report = JSON.parse(out) as { summary: { errors: number }; errors: Array<{ code: string; message: string }> }
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([])
    expect(report.summary.errors).toBe(0)
  })
})
