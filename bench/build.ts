import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildSandboxExtension } from '../scripts/start/build.ts'
import type { SandboxPorts } from '../tests/sandbox/config.ts'

// Build time of the sandbox extension (lexgen, then wxt build — as `npm start` does it) and the
// size of what Chromium loads, the worker bundle above all: it is parsed and run on every worker
// start; and the prompt's script, the only Tendril code a Bluesky, WhiteWind or Leaflet page ever
// runs (no content script runs there; the worker runs this one only where it has something to show).

export interface BuildFigures {
  dir: string
  lexgenMs: number
  wxtMs: number
  worker: { file: string; raw: number; gzip: number }
  /** The script Tendril runs in Bluesky, WhiteWind and Leaflet pages; absent from older builds. */
  sourcesScript?: { file: string; raw: number; gzip: number }
  total: { files: number; raw: number; gzip: number }
}

export async function benchBuild(ports: SandboxPorts): Promise<BuildFigures> {
  const build = await buildSandboxExtension(ports)
  return { ...sizeOfBuild(build.dir), lexgenMs: build.lexgenMs, wxtMs: build.wxtMs }
}

/** The sizes of a built extension directory. */
export function sizeOfBuild(dir: string): Omit<BuildFigures, 'lexgenMs' | 'wxtMs'> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } }
  const workerFile = manifest.background?.service_worker
  if (!workerFile) throw new Error(`no background.service_worker in ${dir}/manifest.json`)
  const size = (file: string) => {
    const data = readFileSync(join(dir, file))
    return { raw: data.length, gzip: gzipSync(data, { level: 9 }).length }
  }
  const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => statSync(join(dir, f)).isFile())
  const total = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 })
  const sourcesFile = 'backlink-prompt.js'
  const sourcesScript = files.includes(sourcesFile) ? { file: sourcesFile, ...size(sourcesFile) } : undefined
  return { dir, worker: { file: workerFile, ...size(workerFile) }, ...(sourcesScript ? { sourcesScript } : {}), total: { files: files.length, ...total } }
}
