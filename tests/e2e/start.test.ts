import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from './setup/build.ts'

// `npm start --headless` as a person runs it: a child process that builds its own sandbox
// extension, starts its own sandbox, walks through a first run in Chromium and exits.
// It runs on ports 4582–4587, away from the suite's sandbox (2582–2587), and builds into
// .output/start/chrome-mv3-sandbox-4582-4583, away from the suite's .output/chrome-mv3-sandbox.
// The child's TMPDIR is a folder of this test's own: the sandbox's data directory and Chromium's
// profile live there, so "left nothing behind" is checkable — the folder ends up empty, and no
// process still carries that TMPDIR in its environment.

const BASE_PORT = 4582
const PORT_NAMES = ['PLC', 'PDS', 'BRANCHLINE', 'CHIVE', 'WEB', 'CONTROL'] as const
const PORTS = PORT_NAMES.map((_, i) => BASE_PORT + i)
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

const root = mkdtempSync(join(tmpdir(), 'tendril-start-test-'))
const childTmp = join(root, 'tmp')
const outDir = join(root, 'screenshots')
mkdirSync(childTmp)

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

/** Processes (of any kind) whose environment has our TMPDIR: the child and everything it started. */
function processesOfTheRun(): string[] {
  // Chromium gets TMPDIR=<its profile folder>, which is inside ours: match the folder and below.
  const markers = [`TMPDIR=${childTmp}\0`, `TMPDIR=${childTmp}/`]
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const environ = `${readFileSync(`/proc/${pid}/environ`, 'latin1')}\0`
      if (markers.some((marker) => environ.includes(marker))) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').slice(0, 160)}`)
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found
}

function pngSize(file: string): { bytes: number; width: number; height: number; signature: boolean } {
  const data = readFileSync(file)
  return {
    bytes: statSync(file).size,
    signature: data.subarray(0, 8).equals(PNG_SIGNATURE) && data.subarray(12, 16).toString('latin1') === 'IHDR',
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
  }
}

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

let child: ReturnType<typeof spawn> | undefined

function runStart(): Promise<Run> {
  // The child sees neither vitest's variables (NODE_ENV=test would change the WXT build) nor a
  // display; it gets our ports and our TMPDIR.
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST') || key === 'DISPLAY' || key === 'WAYLAND_DISPLAY') continue
    env[key] = value
  }
  PORT_NAMES.forEach((name, i) => (env[`TENDRIL_SANDBOX_${name}_PORT`] = String(PORTS[i])))
  env.TMPDIR = childTmp

  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['scripts/start.ts', '--headless', '--out', outDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    let stdout = ''
    let stderr = ''
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => proc.kill('SIGTERM'), 200_000)
    proc.once('error', reject)
    proc.once('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })
}

describe('npm start --headless', () => {
  let run: Run

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    rmSync(root, { recursive: true, force: true })
  })

  it('walks through a first run on its own ports and exits 0', { timeout: 240_000 }, async () => {
    const busy = []
    for (const port of PORTS) if (!(await portIsFree(port))) busy.push(port)
    expect(busy, `ports ${PORTS.join(', ')} must be free for this test (something else uses ${busy.join(', ')})`).toEqual([])

    run = await runStart()
    const output = `--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`
    expect(run.code, output).toBe(0)

    const lines = run.stdout.split('\n')
    const line = (label: string) => lines.find((l) => l.trimStart().startsWith(label)) ?? ''
    expect(line('Tendril headless run:')).toMatch(/^Tendril headless run: OK in \d+\.\d s$/)
    expect(line('sandbox')).toContain(`plc ${BASE_PORT}, pds ${BASE_PORT + 1}, branchline ${BASE_PORT + 2}, chive ${BASE_PORT + 3}, web ${BASE_PORT + 4}, control ${BASE_PORT + 5}`)
    expect(line('extension')).toContain(`.output/start/chrome-mv3-sandbox-${BASE_PORT}-${BASE_PORT + 1}`)
    expect(line('bud page')).toMatch(/https:\/\/branchline\.ink\/bud\/did:plc:[a-z0-9]+\/\w+ — “.+”, \d+ buds on the path/)
    // Signed out, the popup offers the sign-in form and still describes the bud.
    expect(line('popup (out)')).toMatch(/by .+ · bud \d+ of “.+”/)
    expect(line('signed in')).toMatch(new RegExp(`^\\s*signed in\\s+@reader\\.test \\(did:plc:[a-z0-9]+\\) — Connected to localhost:${BASE_PORT + 1}\\.$`))
    expect(line('popup (in)')).toMatch(/by .+ · bud \d+ of “.+”/)
    expect(line('eprint page')).toMatch(/https:\/\/chive\.pub\/eprints\/\S+ — “.+”; popup: \S/)
    expect(line('Bluesky post')).toMatch(/https:\/\/bsky\.app\/profile\/\S+\/post\/\S+ — “.+”; popup: \S/)
    expect(line('blog')).toMatch(/https:\/\/reading-notes\.example\/ — “.+”; popup: \S/)
    expect(line('screenshots')).toContain(`${outDir}/ (7 PNG files)`)
    expect(run.stdout).not.toMatch(/undefined|\[object Object\]|NaN/)
  })

  it('wrote the screenshots it names, as real PNGs of sensible sizes', () => {
    expect(run?.code).toBe(0)
    const expected = {
      '1-bud-page.png': 'page',
      '2-popup-signed-out.png': 'popup',
      '3-popup-signed-in.png': 'popup',
      '4-popup-over-bud-page.png': 'page',
      '5-eprint-page.png': 'page',
      '6-bluesky-post.png': 'page',
      '7-blog.png': 'page',
    } as const
    expect(readdirSync(outDir).sort()).toEqual(Object.keys(expected).sort())
    for (const [file, kind] of Object.entries(expected)) {
      expect(run.stdout, `the summary names ${file}`).toContain(file)
      const png = pngSize(join(outDir, file))
      expect(png.signature, `${file} is a PNG`).toBe(true)
      expect(png.bytes, `${file} is not blank`).toBeGreaterThan(kind === 'page' ? 10_000 : 5_000)
      if (kind === 'page') {
        expect(png.width, file).toBe(1200)
        expect(png.height, file).toBeGreaterThan(600)
      } else {
        // The popup's own box: 340 px of content plus padding, as tall as what it shows.
        expect(png.width, file).toBeGreaterThan(300)
        expect(png.width, file).toBeLessThan(500)
        expect(png.height, file).toBeGreaterThan(150)
      }
    }
    // Signed in, the popup shows more (the account card) than signed out.
    expect(pngSize(join(outDir, '3-popup-signed-in.png')).height).toBeGreaterThan(pngSize(join(outDir, '2-popup-signed-out.png')).height)
  })

  it('left no process, port or temporary file behind', async () => {
    expect(run?.code).toBe(0)
    expect(processesOfTheRun()).toEqual([])
    expect(readdirSync(childTmp)).toEqual([])
    for (const port of PORTS) expect(await portIsFree(port), `port ${port} is free again`).toBe(true)
  })
})
