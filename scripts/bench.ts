import { cpus } from 'node:os'
import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureChromium } from './ensure-chromium.ts'

// `npm run bench`: a few figures about Tendril on the sandbox, printed as a table, never asserted.
//
//   npm run bench [-- --runs 20] [-- --ports 5582]
//
// - stopped worker → first signed request: Chromium with the sandbox build, signed in through the
//   real popup; then `runs` times: stop the worker (as Chromium does when idle), send
//   {type:'auth.confirm'} from an extension page and time the answer (worker start + session
//   restored from IndexedDB + one authenticated PDS call); also `ping` after a stop (worker start
//   only) and auth.confirm with the worker running;
// - the sandbox's start-up time and RSS; the extension's build time; the worker bundle's size.
// Ports: --ports <base>, else TENDRIL_SANDBOX_*_PORT if any is set, else 5582–5587 (away from the
// test suite's 2582–2587 and start.test.ts's 4582–4587). The build goes to .output/start/….

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, ports: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  strict: true,
})
if (values.help) {
  process.stdout.write('Usage: npm run bench [-- --runs <n>] [-- --ports <base>]\n')
  process.exit(0)
}
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1 || runs > 200) {
  console.error(`tendril bench: --runs ${values.runs} is not a number of runs (1–200)`)
  process.exit(2)
}

const { portsFromBase, busyPorts, describePorts, PORT_VARIABLES } = await import('./start/ports.ts')
const anyPortVariable = Object.values(PORT_VARIABLES).some((name) => process.env[name])
if (values.ports !== undefined || !anyPortVariable) Object.assign(process.env, portsFromBase(Number(values.ports ?? 5582)))
const { sandboxPorts } = await import('../tests/sandbox/config.ts')
const ports = sandboxPorts()

const say = (msg: string) => process.stderr.write(`bench: ${msg}\n`)
const { createLifecycle } = await import('./start/lifecycle.ts')
const life = createLifecycle({ log: say })
const started = performance.now()

async function step<T>(what: string, run: () => Promise<T> | T): Promise<T> {
  say(`${what}…`)
  try {
    return await run()
  } catch (err) {
    if (life.stopping) return new Promise<never>(() => {})
    process.stderr.write(`\ntendril bench: FAILED — ${what}\n  ${(err instanceof Error ? err.message : String(err)).replaceAll('\n', '\n  ')}\n\n`)
    return life.shutdown(1)
  }
}

say(`ports: ${describePorts(ports)}; ${runs} runs`)
await step('checking for Chromium', () => ensureChromium())
await step('checking that the ports are free', async () => {
  const busy = await busyPorts(ports)
  if (busy.length) throw new Error(`in use: ${busy.map((b) => `${b.name} ${b.port}`).join(', ')}; pick others with --ports <base>`)
})

const { benchBuild } = await import('../bench/build.ts')
const build = await step('building the sandbox extension', () => benchBuild(ports))

const { benchSandbox } = await import('../bench/sandbox.ts')
const { sandbox, figures: sandboxFigures } = await step('starting the sandbox', () => benchSandbox((stop) => life.add('the sandbox', stop)))

const { launchTendril } = await import('../tests/e2e/harness/tendril.ts')
const launchStart = performance.now()
const launching = launchTendril({ extensionPath: build.dir, sandbox: sandbox.ready })
launching.catch(() => undefined)
life.add('Chromium', async () => (await launching.catch(() => undefined))?.close())
const tendril = await step('launching Chromium with Tendril', () => launching)
const launchMs = performance.now() - launchStart
life.keepOnlyOurSignalHandlers()
const chromiumVersion = await tendril.browser.version()

const { benchWorker } = await import('../bench/worker.ts')
const worker = await step('signing in and timing the worker', () => benchWorker(tendril, sandbox.ready, runs, (m) => say(`  ${m}`)))
const rssAfter = sandbox.rss()

// ---- the table -----------------------------------------------------------------------------------
const { summarize, table, ms, mb, kb } = await import('../bench/stats.ts')
const row = (label: string, samples: number[]) => {
  const s = summarize(samples)
  return [label, String(s.n), ms(s.min), ms(s.median), ms(s.p95), ms(s.max)]
}
const phases = Object.entries(sandboxFigures.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')
const p95Note = runs < 20 ? ' (p95 is the max below 20 runs)' : ''
const out = [
  '',
  `Tendril benchmarks — Node ${process.version}, ${chromiumVersion}, ${cpus().length} CPUs; sandbox ports ${ports.plc}–${ports.control}`,
  '',
  table([
    [`request from an extension page${p95Note}`, 'n', 'min', 'median', 'p95', 'max'],
    row('stopped worker → auth.confirm answered', worker.coldConfirm),
    row('stopped worker → ping answered', worker.coldPing),
    row('running worker → auth.confirm answered', worker.warmConfirm),
  ]),
  '',
  table(
    [
      ['one-off', 'figure', ''],
      ['sandbox start (spawn → ready line)', ms(sandboxFigures.startMs), phases],
      ['sandbox RSS at ready', sandboxFigures.rssAtReady ? mb(sandboxFigures.rssAtReady) : 'n/a', ''],
      ['sandbox RSS after the runs', rssAfter ? mb(rssAfter) : 'n/a', ''],
      ['extension build', ms(build.lexgenMs + build.wxtMs), `lexgen ${ms(build.lexgenMs)} (cached), wxt build ${ms(build.wxtMs)}`],
      [`worker bundle ${build.worker.file}`, kb(build.worker.raw), `${kb(build.worker.gzip)} gzip -9`],
      [`whole extension (${build.total.files} files)`, kb(build.total.raw), `${kb(build.total.gzip)} gzip -9`],
      ['Chromium launch + extension install', ms(launchMs), ''],
      ['sign-in through popup + PDS pages', ms(worker.signInMs), ''],
    ],
    ['l', 'r', 'l'],
  ),
  '',
  `(${relative(process.cwd(), build.dir)}; total ${ms(performance.now() - started)})`,
  '',
]
process.stdout.write(out.join('\n') + '\n')
await life.shutdown(0)
