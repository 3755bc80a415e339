// Vitest global setup: starts the sandbox (`node tests/sandbox/main.ts`) as a child process, waits
// for its ready line and provides it to tests as `inject('sandbox')` (see tests/setup/sandbox.ts).
//
// How often vitest calls this (checked in vitest 5.1.1 source): a *root* `globalSetup` is not
// inherited by `extends: true` projects and runs once per run, for the root project, whichever
// projects are selected; a *project's* `globalSetup` runs once per selected project that has test
// files. Both shapes are handled: the sandbox starts only if a sandbox project (integration, e2e)
// takes part, and one sandbox per vitest process is shared by reference count on globalThis (module
// instances may differ between projects), so two projects never start two sandboxes on the same
// ports, and the last teardown stops it.
//
// The child gets a stdin pipe: if vitest dies without tearing down, the pipe closes and the
// sandbox stops itself (tests/sandbox/lifecycle.ts), so no sandbox outlives its test run.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import type { SandboxReady } from '../sandbox/types.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** The sandbox's ready line: URLs, accounts and the seed manifest. */
    sandbox: SandboxReady
  }
}

const SANDBOX_PROJECTS = new Set(['integration', 'e2e'])
const START_TIMEOUT_MS = Number(process.env.TENDRIL_SANDBOX_START_TIMEOUT_MS ?? 120_000)
const STOP_TIMEOUT_MS = 15_000
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

interface Shared {
  refs: number
  ready: Promise<SandboxReady>
  stop: () => Promise<void>
}

const KEY = Symbol.for('tendril.sandbox.globalSetup')
const registry = globalThis as unknown as { [KEY]?: Shared }

function wantsSandbox(project: TestProject): boolean {
  const names = project.isRootProject() ? project.vitest.projects.map((p) => p.name) : [project.name]
  return names.some((name) => SANDBOX_PROJECTS.has(name))
}

function startChild(): Shared {
  const child: ChildProcess = spawn(process.execPath, ['tests/sandbox/main.ts'], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: process.env,
  })
  const stderrTail: string[] = []
  const verbose = !!process.env.TENDRIL_SANDBOX_VERBOSE
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    if (verbose) process.stderr.write(chunk)
    stderrTail.push(...chunk.split('\n').filter(Boolean))
    if (stderrTail.length > 200) stderrTail.splice(0, stderrTail.length - 200)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  // If vitest itself exits without teardown, take the sandbox down with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const ready = new Promise<SandboxReady>((resolve, reject) => {
    let buffer = ''
    const fail = (why: string) => {
      child.kill('SIGKILL')
      reject(new Error(`sandbox did not start: ${why}\n--- sandbox stderr (tail) ---\n${stderrTail.join('\n')}`))
    }
    const timer = setTimeout(() => fail(`no ready line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
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
      fail(err.message)
    })
    void exited.then((code) => {
      clearTimeout(timer)
      fail(`exited with code ${code}`) // no-op once resolved
    })
  })

  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref())
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill('SIGKILL')
      await exited
    }
  }
  return { refs: 0, ready, stop }
}

export default async function setup(project: TestProject) {
  if (!wantsSandbox(project)) return
  let shared = registry[KEY]
  if (!shared) registry[KEY] = shared = startChild()
  shared.refs++
  let released = false
  const release = async () => {
    if (released) return
    released = true
    const current = registry[KEY]
    if (!current || --current.refs > 0) return
    delete registry[KEY]
    await current.stop()
  }
  try {
    project.provide('sandbox', await shared.ready)
  } catch (err) {
    await release()
    throw err
  }
  return release
}
