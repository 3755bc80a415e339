import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// This kind of machine ships Node 20; the project runs on its own Node 22 (scripts/node22.sh). A
// plain `npm install` under Node 20 by mistake must stop with a clear message instead of resolving
// old releases or compiling better-sqlite3 for the wrong Node.
const ROOT = resolve(import.meta.dirname, '../..')
const SYSTEM_NODE = '/usr/bin/node'

describe('npm install under the system Node 20', () => {
  it('stops at once with EBADENGINE naming the Node it needs', () => {
    const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
    expect(version, 'this test needs the machine’s own Node 20 at /usr/bin/node').toMatch(/^v20\./)
    const dir = mkdtempSync(join(tmpdir(), 'tendril-engine-'))
    try {
      for (const file of ['package.json', 'package-lock.json', '.npmrc']) copyFileSync(join(ROOT, file), join(dir, file))
      const npm = spawnSync('npm', ['install', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}`, npm_config_nodedir: '' },
        timeout: 60_000,
      })
      expect(npm.status).not.toBe(0)
      expect(npm.stderr).toContain('EBADENGINE')
      expect(npm.stderr).toMatch(/Required: \{"node":">=22/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
