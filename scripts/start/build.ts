import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../tests/e2e/setup/build.ts'
import type { SandboxPorts } from '../../tests/sandbox/config.ts'

// The sandbox build of the extension for `npm start` and the benchmarks: lexgen, then
// `wxt build -b chrome --mode sandbox` — what tests/e2e/setup/build.ts's buildExtension() does —
// but into a directory of its own, named after the ports compiled into it
// (.output/start/chrome-mv3-sandbox-<plc>-<pds>). The e2e suite's global setup rebuilds
// .output/chrome-mv3-sandbox (default ports) at any time, and WXT empties the output directory
// first: sharing it would pull the files from under a running Chromium, or load a build that
// points at the other sandbox. WXT's CLI has no output flag, so wxt-build.ts calls its JS API with an
// inline `outDir` / `outDirTemplate` (merged over wxt.config.ts, which stays untouched).
// Asynchronous on purpose: Ctrl-C must reach our handlers while a build runs.

export const START_OUTPUT_BASE = join(ROOT, '.output', 'start')

/** Only the PLC and PDS ports are compiled into the sandbox build (tests/sandbox/endpoints.ts). */
export function startOutputDir(ports: SandboxPorts): string {
  return join(START_OUTPUT_BASE, startOutputName(ports))
}

function startOutputName(ports: SandboxPorts): string {
  return `chrome-mv3-sandbox-${ports.plc}-${ports.pds}`
}

export interface BuildResult {
  dir: string
  lexgenMs: number
  wxtMs: number
}

/** `signal` stops a build under way (its child processes are killed; the promise rejects once they
 * have exited). */
export async function buildSandboxExtension(ports: SandboxPorts, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<BuildResult> {
  let t = performance.now()
  await runNodeScript('lexicon code generation (scripts/lexgen.ts)', [join(ROOT, 'scripts/lexgen.ts')], { env, signal })
  const lexgenMs = performance.now() - t
  t = performance.now()
  await runNodeScript('wxt build (sandbox mode)', [join(ROOT, 'scripts/start/wxt-build.ts'), START_OUTPUT_BASE, startOutputName(ports)], { env, signal })
  const wxtMs = performance.now() - t
  const dir = startOutputDir(ports)
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`wxt build produced no manifest in ${dir}`)
  return { dir, lexgenMs, wxtMs }
}

/** Runs a Node script (in `cwd`, the repo root by default); its output is kept and shown only if
 * it fails. */
export function runNodeScript(what: string, args: string[], options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; cwd?: string } = {}): Promise<void> {
  const { env = process.env, signal, cwd = ROOT } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`${what}: stopped`))
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const abort = () => child.kill('SIGTERM')
    signal?.addEventListener('abort', abort, { once: true })
    let output = ''
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.once('error', reject)
    child.once('exit', (code, killedBy) => {
      signal?.removeEventListener('abort', abort)
      if (code === 0) resolve()
      else if (signal?.aborted) reject(new Error(`${what}: stopped`))
      else reject(new Error(`${what} failed (${killedBy ?? `exit ${code}`})${output.trim() ? `:\n${output.trim()}` : ''}`))
    })
  })
}
