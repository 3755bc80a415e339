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
import type { TestProject } from 'vitest/node'
import { spawnSandbox, type SandboxChild } from '../sandbox/spawn.ts'
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
  // Set as soon as the process exists, so a teardown during start-up still stops it.
  let stopChild: (() => Promise<void>) | undefined
  const ready = spawnSandbox({
    startTimeoutMs: START_TIMEOUT_MS,
    onLog: process.env.TENDRIL_SANDBOX_VERBOSE ? (line) => process.stderr.write(`${line}\n`) : undefined,
    onSpawn: (stop) => (stopChild = stop),
  }).then((child: SandboxChild) => {
    stopChild = () => child.stop(STOP_TIMEOUT_MS)
    return child.ready
  })
  return { refs: 0, ready, stop: async () => stopChild?.() }
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
