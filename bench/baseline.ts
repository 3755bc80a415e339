import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../tests/e2e/setup/build.ts'
import { runNodeScript } from '../scripts/start/build.ts'
import { sizeOfBuild, type BuildFigures } from './build.ts'

// The naive baseline the bench prints beside today's figures: Tendril as it was before the lean
// worker (issue 7), when the worker carried @atproto/api's Agent with every app.bsky lexicon and
// kept DPoP nonces in memory only. Built from that commit in a scratch git worktree sharing this
// checkout's node_modules (@atproto/api stays a devDependency for this build alone), with that
// commit's own lexgen and build script, for the same sandbox ports. Measured in the same run, on
// the same sandbox, so the two columns differ only in the code.

export const BASELINE = { commit: '3371d276949faa168c17eb33e6fbdaf1cb50f777', label: 'before the lean worker' }
const WORK = join(ROOT, '.output', 'bench-baseline')

export async function buildBaseline(env: NodeJS.ProcessEnv): Promise<BuildFigures> {
  const src = join(WORK, 'src')
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`)
  }
  // A shallow clone may not have the commit: say so rather than measure something else.
  git('cat-file', '-e', `${BASELINE.commit}^{commit}`)
  // A bench stopped mid-build leaves its worktree behind: clear it first.
  spawnSync('git', ['worktree', 'remove', '--force', src], { cwd: ROOT })
  rmSync(src, { recursive: true, force: true })
  spawnSync('git', ['worktree', 'prune'], { cwd: ROOT })
  mkdirSync(WORK, { recursive: true })
  git('worktree', 'add', '--detach', src, BASELINE.commit)
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'), 'dir')
    let t = performance.now()
    await runNodeScript('lexgen in the baseline worktree', [join(src, 'scripts/lexgen.ts')], { cwd: src, env })
    const lexgenMs = performance.now() - t
    t = performance.now()
    await runNodeScript('wxt build in the baseline worktree', [join(src, 'scripts/start/wxt-build.ts'), WORK, 'chrome-mv3-sandbox'], { cwd: src, env })
    const wxtMs = performance.now() - t
    const dir = join(WORK, 'chrome-mv3-sandbox')
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`the baseline build produced no manifest in ${dir}`)
    return { ...sizeOfBuild(dir), lexgenMs, wxtMs }
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', src], { cwd: ROOT })
    rmSync(src, { recursive: true, force: true })
  }
}
