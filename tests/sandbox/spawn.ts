import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SandboxReady } from './types.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// The sandbox network as a child process (`node tests/sandbox/main.ts`), for the test suite's global
// setup, `npm start` and the benchmarks. A child rather than startSandbox() in-process: the PDS, its SQLite files and its
// timers live and die in their own process, its RSS can be measured on its own, and it stops
// itself if we die without saying so (its stdin pipe closes; tests/sandbox/lifecycle.ts).

export interface SandboxChild {
  ready: SandboxReady
  pid: number
  /** Wall-clock milliseconds from spawn to the ready line. */
  startMs: number
  /** The sandbox's own log line about its start-up (timings, RSS), if it printed one. */
  readyLog?: string
  /** Resident set size of the sandbox process now, in bytes (Linux /proc). */
  rss(): number | undefined
  /** Last lines the sandbox logged on stderr (for error messages). */
  logTail(): string
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. */
  stop(timeoutMs?: number): Promise<void>
}

export interface SpawnSandboxOptions {
  env?: NodeJS.ProcessEnv
  /** Copy every stderr line here as it arrives (e.g. `--verbose`). */
  onLog?: (line: string) => void
  startTimeoutMs?: number
  /** Called as soon as the process exists, with a way to stop it: a caller interrupted while the
   * sandbox starts can still stop it cleanly (a killed sandbox leaves its temp directory). */
  onSpawn?: (stop: () => Promise<void>) => void
}

export async function spawnSandbox(options: SpawnSandboxOptions = {}): Promise<SandboxChild> {
  const started = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'tests/sandbox/main.ts')], {
    cwd: ROOT,
    // stdin stays a pipe from us: if this process dies, the sandbox notices and stops itself.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  })
  const tail: string[] = []
  let readyLog: string | undefined
  let partial = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk
    const lines = partial.split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      if (!line) continue
      if (/\bready in \d+ ms\b/.test(line)) readyLog = line
      options.onLog?.(line)
      tail.push(line)
      if (tail.length > 60) tail.shift()
    }
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const isRunning = () => child.exitCode === null && child.signalCode === null
  // Last resort if this process exits abruptly (process.exit in some failure path).
  const killOnExit = () => {
    if (isRunning()) child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)

  const stop = async (timeoutMs = 15_000) => {
    process.off('exit', killOnExit)
    if (!isRunning()) return
    child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)))
    if ((await Promise.race([exited, late])) === 'late') {
      child.kill('SIGKILL')
      await exited
    }
    clearTimeout(timer)
  }

  options.onSpawn?.(() => stop())

  const timeoutMs = options.startTimeoutMs ?? 120_000
  try {
    const ready = await new Promise<SandboxReady>((resolve, reject) => {
      let buffer = ''
      const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs / 1000} s`)), timeoutMs)
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk
        let newline: number
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).trim()
          buffer = buffer.slice(newline + 1)
          try {
            const parsed = JSON.parse(line) as SandboxReady
            if (parsed?.ready === true) {
              clearTimeout(timer)
              resolve(parsed)
            }
          } catch {
            // not the ready line
          }
        }
      })
      child.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`it exited (code ${child.exitCode ?? child.signalCode}) before it was ready`))
      })
    })
    const startMs = performance.now() - started
    // The log line about start-up follows the ready line on stderr; give it a moment.
    for (let i = 0; i < 20 && !readyLog; i++) await new Promise((r) => setTimeout(r, 25))
    return {
      ready,
      pid: child.pid!,
      startMs,
      readyLog,
      rss: () => rssOf(child.pid!),
      logTail: () => tail.join('\n'),
      stop,
    }
  } catch (err) {
    await stop(5_000)
    const why = err instanceof Error ? err.message : String(err)
    throw new Error(`the sandbox did not start: ${why}${tail.length ? `\n--- sandbox log (last lines) ---\n${tail.join('\n')}` : ''}`, { cause: err })
  }
}

function rssOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : undefined
  } catch {
    return undefined
  }
}
