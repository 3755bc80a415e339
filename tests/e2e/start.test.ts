import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from './setup/build.ts'

// `npm start --headless` as a person runs it: a child process that builds its own sandbox
// extension, starts its own sandbox, walks through a first run in Chromium and exits.
// It runs on ports 4582–4587 (TENDRIL_START_TEST_PORT moves the block, e.g. for scripts/mutations.ts),
// away from the suite's sandbox (2582–2587), and builds into
// .output/start/chrome-mv3-sandbox-<port>-<port+1>, away from the suite's .output/chrome-mv3-sandbox.
// The child's TMPDIR is a folder of this test's own: the sandbox's data directory and Chromium's
// profile live there, so "left nothing behind" is checkable — the folder ends up empty, and no
// process still carries that TMPDIR in its environment.

const BASE_PORT = Number(process.env.TENDRIL_START_TEST_PORT || 4582)
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

  it('walks through a first run on its own ports, exits 0 and reports word for word what each page and popup said', { timeout: 240_000 }, async () => {
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

    // What each page and each popup said, word for word. The sandbox's seed is deterministic
    // (tests/sandbox/seed: a fixed PRNG, fixed names and titles); only DIDs and record keys (TIDs
    // from the clock) differ between runs, so only those are replaced before comparing.
    const said = (label: string) =>
      line(label)
        .replace(/did(:|%3A)plc\1[a-z2-7]{24}/g, '<did>')
        .replace(/(\/|%2F)[a-z2-7]{13}(?= )/g, '$1<tid>')
    // The demo bud is the 7th of "The Lighthouse at Vell", by Ada Okafor, continued once; signed
    // in or out, the popup describes it below the account panel.
    const budCard = 'Landfall (6) by Ada Okafor · bud 7 of “The Lighthouse at Vell” 1 branch continues from here.'
    // Tendril reads only Branchline today: every other page's popup says so, not a stale bud.
    const noBud = 'Open a Branchline bud to see it here.'
    expect(said('bud page')).toBe('  bud page      https://branchline.ink/bud/<did>/<tid> — “Landfall (6) · Branchline”, 7 buds on the path')
    expect(said('popup (out)')).toBe(`  popup (out)   ${budCard}`)
    expect(said('signed in')).toBe(`  signed in     @reader.test (<did>) — Connected to localhost:${BASE_PORT + 1}.`)
    expect(said('popup (in)')).toBe(`  popup (in)    ${budCard}`)
    // A person's click on the control beside the demo bud wrote a bookmark to the reader's PDS.
    expect(said('bookmark')).toBe('  bookmark      at://<did>/ink.branchline.bookmark/<tid> — the toast said “Bookmarked.”')
    // The eprint with more backlinks than one page of Chive's list: the popup gives Chive's counts.
    expect(said('eprint page')).toBe(
      '  eprint page   https://chive.pub/eprints/at%3A%2F%2F<did>%2Fpub.chive.eprint.submission%2F<tid> — ' +
        '“Tidal Memory: Archival Practices in Coastal Oral Histories | Chive”; popup: Chive reports Bluesky posts 0 Bluesky embeds 0 WhiteWind 0 Leaflet 35 Semble collections 68 Other 27 Total 130',
    )
    // A writer's post citing an eprint: Tendril verified it and offers the backlink.
    expect(said('Bluesky post')).toBe(
      '  Bluesky post  https://bsky.app/profile/basil.test/post/<tid> — “Basil Reyes: "New on Chive:" — Bluesky”; popup: ' +
        'A backlink is public: Chive shows anyone, under your identity, that this page cites the eprint. ' +
        'Eprints this page cites “Branching Narratives as Collaborative Trees: A Study of Fork-Based Fiction” · Not on Chive yet Add backlink',
    )
    expect(said('blog')).toBe(`  blog          https://reading-notes.example/ — “Notes from a week of reading — Reading notes”; popup: ${noBud}`)
    expect(line('screenshots')).toContain(`${outDir}/ (9 PNG files)`)
    expect(run.stdout).not.toMatch(/undefined|\[object Object\]|NaN/)
  })

  it('wrote the screenshots it names, as real PNGs of sensible sizes', () => {
    expect(run?.code).toBe(0)
    const expected = {
      '1-bud-page.png': 'page',
      '2-popup-signed-out.png': 'popup',
      '3-popup-signed-in.png': 'popup',
      '4-popup-over-bud-page.png': 'page',
      '5-bookmarked.png': 'page',
      '6-eprint-page.png': 'page',
      '6b-eprint-backlinks.png': 'page',
      '7-bluesky-post.png': 'page',
      '8-blog.png': 'page',
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
