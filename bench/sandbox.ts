import { spawnSandbox, type SandboxChild } from '../tests/sandbox/spawn.ts'

// The sandbox's start-up: wall time from spawning `node tests/sandbox/main.ts` to its ready line
// (Node start, module loading, PLC, PDS, seeding ~330 records, the stand-ins, the HTTPS pages),
// its own breakdown from its log, and its resident memory once ready.

export interface SandboxFigures {
  startMs: number
  /** The sandbox's own timings, e.g. { plc: 6, pds: 80, seed: 1122, appviews: 2, web: 32 }. */
  phases: Record<string, number>
  rssAtReady?: number
}

export async function benchSandbox(onSpawn: (stop: () => Promise<void>) => void): Promise<{ sandbox: SandboxChild; figures: SandboxFigures }> {
  const sandbox = await spawnSandbox({ onSpawn })
  const phases: Record<string, number> = {}
  // "ready in 2880 ms since process start (plc 6 ms, pds 80 ms, seed 1122 ms, …); rss 284 MB; …"
  const inner = /\(([^)]*)\)/.exec(sandbox.readyLog ?? '')?.[1] ?? ''
  for (const [, name, value] of inner.matchAll(/([a-z]+) (\d+) ms/g)) phases[name!] = Number(value)
  return { sandbox, figures: { startMs: sandbox.startMs, phases, rssAtReady: sandbox.rss() } }
}
