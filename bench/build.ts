import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildSandboxExtension } from '../scripts/start/build.ts'
import type { SandboxPorts } from '../tests/sandbox/config.ts'

// Build time of the sandbox extension (lexgen, then wxt build — as `npm start` does it) and the
// size of what Chromium loads, the worker bundle above all: it is parsed and run on every worker
// start.

export interface BuildFigures {
  dir: string
  lexgenMs: number
  wxtMs: number
  worker: { file: string; raw: number; gzip: number }
  total: { files: number; raw: number; gzip: number }
}

export async function benchBuild(ports: SandboxPorts): Promise<BuildFigures> {
  const build = await buildSandboxExtension(ports)
  const manifest = JSON.parse(readFileSync(join(build.dir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } }
  const workerFile = manifest.background?.service_worker
  if (!workerFile) throw new Error(`no background.service_worker in ${build.dir}/manifest.json`)
  const size = (file: string) => {
    const data = readFileSync(join(build.dir, file))
    return { raw: data.length, gzip: gzipSync(data, { level: 9 }).length }
  }
  const files = (readdirSync(build.dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => statSync(join(build.dir, f)).isFile())
  const total = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 })
  return {
    dir: build.dir,
    lexgenMs: build.lexgenMs,
    wxtMs: build.wxtMs,
    worker: { file: workerFile, ...size(workerFile) },
    total: { files: files.length, ...total },
  }
}
