// `npm run sandbox` stops cleanly on SIGTERM/SIGINT and when its parent dies (even by SIGKILL),
// leaving no files and no ports behind; and stop() may be called twice (a signal arriving during a
// stop, a test's cleanup after a failed start) without harm. Runs its own sandboxes, one at a time,
// on other ports than the suite's.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../sandbox/sandbox.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const MAIN = join(ROOT, 'tests/sandbox/main.ts')
const BASE = 6582
const PORTS = [BASE, BASE + 1, BASE + 2, BASE + 3, BASE + 4, BASE + 5]
const portEnv = {
  TENDRIL_SANDBOX_PLC_PORT: String(PORTS[0]),
  TENDRIL_SANDBOX_PDS_PORT: String(PORTS[1]),
  TENDRIL_SANDBOX_BRANCHLINE_PORT: String(PORTS[2]),
  TENDRIL_SANDBOX_CHIVE_PORT: String(PORTS[3]),
  TENDRIL_SANDBOX_WEB_PORT: String(PORTS[4]),
  TENDRIL_SANDBOX_CONTROL_PORT: String(PORTS[5]),
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      done(false)
    })
    socket.once('error', () => done(true))
  })
}

async function eventuallyTrue(check: () => Promise<boolean> | boolean, what: string, ms = 15_000) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out: ${what}`)
}

/** A private TMPDIR, so "no files left behind" can be checked exactly. */
function privateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tendril-lifecycle-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function waitForReady(child: ChildProcess): Promise<{ ready: true; controlUrl: string }> {
  return new Promise((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => resolveReady(JSON.parse(line)))
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before its ready line`)))
  })
}

async function expectGone(tmp: string) {
  for (const port of PORTS) await eventuallyTrue(() => portIsFree(port), `port ${port} to be free`)
  expect(readdirSync(tmp)).toEqual([])
}

describe('the sandbox process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal}, leaving no ports and no files`, async () => {
      const tmp = privateTmp()
      const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...portEnv, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'ignore'] })
      cleanups.push(() => child.kill('SIGKILL'))
      const ready = await waitForReady(child)
      expect(ready.controlUrl).toBe(`http://127.0.0.1:${PORTS[5]}`)
      expect(readdirSync(tmp).length).toBeGreaterThan(0)
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
      child.kill(signal)
      expect(await exited).toBe(0)
      await expectGone(tmp)
    })
  }

  it('stops when its parent is killed with SIGKILL', async () => {
    const tmp = privateTmp()
    // A parent that starts the sandbox, passes its ready line on, and is then killed outright.
    const parentScript = `
      const { spawn } = require('node:child_process')
      const child = spawn(process.execPath, [${JSON.stringify(MAIN)}], { stdio: ['pipe', 'pipe', 'ignore'] })
      child.stdout.pipe(process.stdout)
      setInterval(() => {}, 1000)
    `
    const parent = spawn(process.execPath, ['-e', parentScript], { env: { ...process.env, ...portEnv, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'ignore'] })
    cleanups.push(() => parent.kill('SIGKILL'))
    await waitForReady(parent)
    parent.kill('SIGKILL')
    await expectGone(tmp)
  })
})

describe('startSandbox() in this process', () => {
  it('a second stop() is a harmless no-op: it resolves, and the ports and folder stay free', async () => {
    const tmp = privateTmp()
    const [plc, pds, branchline, chive, web, control] = PORTS as [number, number, number, number, number, number]
    const sandbox = await startSandbox({ ports: { plc, pds, branchline, chive, web, control }, tmpRoot: tmp, log: () => undefined })
    cleanups.push(() => void sandbox.stop().catch(() => undefined))
    expect(readdirSync(tmp).length).toBeGreaterThan(0)

    await sandbox.stop()
    await expectGone(tmp)
    await expect(sandbox.stop()).resolves.toBeUndefined()
    await expectGone(tmp)
  })
})
