import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

// Builds the extension exactly as `npm run build` / `npm run build:sandbox` do, so e2e tests run
// the same output a user loads. WXT is fast (about a second a build), so every run rebuilds.
export const ROOT = resolve(import.meta.dirname, '../../..')

export type BuildMode = 'sandbox' | 'production'
export type BuildBrowser = 'chrome' | 'firefox'

export function outputDir(browser: BuildBrowser, mode: BuildMode): string {
  const base = browser === 'chrome' ? 'chrome-mv3' : 'firefox-mv2'
  return join(ROOT, '.output', mode === 'sandbox' ? `${base}-sandbox` : base)
}

export function buildExtension(browser: BuildBrowser, mode: BuildMode): string {
  execFileSync(process.execPath, [join(ROOT, 'scripts/lexgen.ts')], { cwd: ROOT, stdio: 'inherit' })
  const args = [join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'build', '-b', browser]
  if (mode === 'sandbox') args.push('--mode', 'sandbox')
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  const dir = outputDir(browser, mode)
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`wxt build produced no manifest in ${dir}`)
  return dir
}
