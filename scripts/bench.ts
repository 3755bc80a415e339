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
// - the sandbox's start-up time and RSS; the extension's build time; the worker bundle's size;
// - every figure the lean-worker issue set a target for, beside that target and beside the same
//   figure for the baseline build (bench/baseline.ts: the commit before it), measured in this run;
// - bookmarks (bench/bookmarks.ts, bench/popup.ts): requests per bookmark warm and cold at depths
//   1, 50, 200 beside the naive parent walk, the decision over 10 000 cached buds, a sync of 1 000
//   bookmarks, and the popup's list of 500;
// - backlinks (bench/backlinks.ts, bench/content-script.ts): the requests from page load to a
//   verified suggestion on a writer's Bluesky post and Leaflet document, each with its reason, first
//   visit and again within a minute, beside a naive examination (content script and tab each on
//   their own, Chive unfiltered); Tendril's scripting time and long tasks in source pages on
//   pages with 1 000 and 10 000 links beside a naive link scan; its size.
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
const { buildBaseline, BASELINE } = await import('../bench/baseline.ts')
const baselineRef = `${BASELINE.commit.slice(0, 7)}, ${BASELINE.label}`
say(`building the baseline (${baselineRef})…`)
// Not fatal: without the baseline (a shallow clone) the bench still prints today's figures.
const baselineBuild = await buildBaseline(process.env).catch((err: unknown) => {
  say(`  no baseline: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`)
  return undefined
})

const { benchSandbox } = await import('../bench/sandbox.ts')
const { sandbox, figures: sandboxFigures } = await step('starting the sandbox', () => benchSandbox((stop) => life.add('the sandbox', stop)))

const { launchTendril } = await import('../tests/e2e/harness/tendril.ts')
const { benchWorker } = await import('../bench/worker.ts')
life.keepOnlyOurSignalHandlers()

const { benchPopup } = await import('../bench/popup.ts')
// The bookmark and backlink benches run the worker's own lib/ modules in Node; they import without
// file extensions (as the bundler resolves them), which Node's loader does not: jiti resolves them.
const { createJiti } = await import('jiti')
const jiti = createJiti(import.meta.url)
const { benchBacklinks } = await jiti.import<typeof import('../bench/backlinks.ts')>('../bench/backlinks.ts')
const { benchContentScript } = await import('../bench/content-script.ts')
const costRuns = Math.min(runs, 10)

/** Launches Chromium with the extension in `dir`, signs in and times the worker (and, for
 * Tendril, the popup's bookmark list); closes Chromium. */
async function measure(name: string, dir: string, withPopup = false) {
  const launchStart = performance.now()
  const launching = launchTendril({ extensionPath: dir, sandbox: sandbox.ready })
  launching.catch(() => undefined)
  const close = async () => (await launching.catch(() => undefined))?.close()
  life.add(`Chromium (${name})`, close)
  const tendril = await step(`launching Chromium with ${name}`, () => launching)
  const launchMs = performance.now() - launchStart
  const version = await tendril.browser.version()
  const worker = await step(`${name}: signing in and timing the worker`, () => benchWorker(tendril, sandbox.ready, runs, (m) => say(`  ${m}`)))
  const popup = withPopup ? await step(`${name}: the popup's list of 500 bookmarks`, () => benchPopup(tendril, sandbox.ready, runs)) : undefined
  const backlinks = withPopup ? await step(`${name}: requests from page load to a backlink suggestion`, () => benchBacklinks(tendril, sandbox.ready, (m) => say(`  ${m}`))) : undefined
  const contentScript = withPopup ? await step(`${name}: Tendril's scripts on source pages with many links`, () => benchContentScript(tendril, sandbox.ready, costRuns, (m) => say(`  ${m}`))) : undefined
  await close()
  return { launchMs, version, worker, popup, backlinks, contentScript }
}

const now = await measure('Tendril', build.dir, true)
const before = baselineBuild ? await measure(`the baseline (${baselineRef})`, baselineBuild.dir) : undefined
const rssAfter = sandbox.rss()
const { benchBookmarks } = await jiti.import<typeof import('../bench/bookmarks.ts')>('../bench/bookmarks.ts')
const bookmarks = await step('bookmarks: requests, the decision, a sync', () => benchBookmarks(sandbox.ready, (m) => say(`  ${m}`)))

// ---- the tables ----------------------------------------------------------------------------------
const { summarize, table, ms, mb, kb } = await import('../bench/stats.ts')
const median = (samples: number[] | undefined) => (samples ? ms(summarize(samples).median) : 'n/a')
const mean = (samples: number[] | undefined) => (samples ? (samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(2) : 'n/a')
const row = (label: string, target: string, samples: number[], baseline: number[] | undefined) => {
  const s = summarize(samples)
  return [label, target, median(baseline), String(s.n), ms(s.min), ms(s.median), ms(s.p95), ms(s.max)]
}
const phases = Object.entries(sandboxFigures.phases).map(([k, v]) => `${k} ${v} ms`).join(', ')
const p95Note = runs < 20 ? ' (p95 is the max below 20 runs)' : ''
const w = now.worker
const b = before?.worker
const out = [
  '',
  `Tendril benchmarks — Node ${process.version}, ${now.version}, ${cpus().length} CPUs; sandbox ports ${ports.plc}–${ports.control}`,
  `baseline: ${baselineBuild ? baselineRef : 'not built (see above)'}, measured in this run on the same sandbox`,
  '',
  table([
    [`request from an extension page${p95Note}`, 'target', 'baseline median', 'n', 'min', 'median', 'p95', 'max'],
    row('stopped worker → ping answered', '≤ 40 ms', w.coldPing, b?.coldPing),
    row('stopped worker → auth.confirm answered', '≤ 60 ms', w.coldConfirm, b?.coldConfirm),
    row('running worker → auth.confirm answered', '', w.warmConfirm, b?.warmConfirm),
  ]),
  '',
  table(
    [
      ['lean worker', 'target', 'baseline', 'now'],
      ['DPoP nonce challenges per stopped-worker auth.confirm (mean)', '0', mean(b?.coldConfirmChallenges), mean(w.coldConfirmChallenges)],
      [`worker bundle ${build.worker.file}, gzip -9`, '≤ 120 KB', baselineBuild ? kb(baselineBuild.worker.gzip) : 'n/a', kb(build.worker.gzip)],
      [`worker bundle ${build.worker.file}, raw`, '', baselineBuild ? kb(baselineBuild.worker.raw) : 'n/a', kb(build.worker.raw)],
    ],
    ['l', 'r', 'r', 'r'],
  ),
  '',
  table(
    [
      ['requests per bookmark (every HTTP request counted)', 'target', 'naive: walk parents at the PDSes', 'now'],
      ...bookmarks.requests.flatMap((r) => [
        [`depth ${r.depth}, warm (page visited, bookmarks synced)`, '1', String(r.naive), String(r.warm)],
        [`depth ${r.depth}, cold (a link never visited)`, '≤ 3', String(r.naive), String(r.cold)],
      ]),
    ],
    ['l', 'r', 'r', 'r'],
  ),
  '',
  table([
    ['bookmarks', 'target', 'naive median', 'n', 'min', 'median', 'p95', 'max'],
    row(`decision: ${bookmarks.decision.buds} buds, depth ${bookmarks.decision.depth}, ${bookmarks.decision.bookmarks} bookmarks`, '≤ 1 ms', bookmarks.decision.samples, bookmarks.decision.naive),
    ...(now.popup ? [row('popup open → 500 bookmarks painted', '≤ 100 ms', now.popup, undefined)] : []),
  ]),
  `sync of ${bookmarks.sync.records} bookmarks from the PDS: ${bookmarks.sync.requests} requests, ${ms(bookmarks.sync.ms)}`,
  'naive: one getRecord per bud up to the root at its author\'s PDS, each author\'s DID document once, then the write;',
  'naive decision: a path.includes() scan of every bookmark; the popup is timed from its navigation start to the 500th item.',
  '',
  ...backlinkTables(),
  table(
    [
      ['one-off', 'figure', ''],
      ['sandbox start (spawn → ready line)', ms(sandboxFigures.startMs), phases],
      ['sandbox RSS at ready', sandboxFigures.rssAtReady ? mb(sandboxFigures.rssAtReady) : 'n/a', ''],
      ['sandbox RSS after the runs', rssAfter ? mb(rssAfter) : 'n/a', ''],
      ['extension build', ms(build.lexgenMs + build.wxtMs), `lexgen ${ms(build.lexgenMs)} (cached), wxt build ${ms(build.wxtMs)}`],
      [`whole extension (${build.total.files} files)`, kb(build.total.raw), `${kb(build.total.gzip)} gzip -9`],
      ['Chromium launch + extension install', ms(now.launchMs), ''],
      ['sign-in through popup + PDS pages', ms(w.signInMs), ''],
    ],
    ['l', 'r', 'l'],
  ),
  '',
  `(${relative(process.cwd(), build.dir)}; total ${ms(performance.now() - started)})`,
  '',
]
process.stdout.write(out.join('\n') + '\n')

/** The backlink rows: requests to a suggestion, the content script's cost and size. */
function backlinkTables(): string[] {
  const visits = now.backlinks ?? []
  const identity = (r: { endpoint: string }) => r.endpoint.startsWith('PLC ') || r.endpoint === 'PDS identity.resolveHandle'
  const total = (rs: { count: number }[]) => rs.reduce((a, r) => a + r.count, 0)
  const chive = (rs: { endpoint: string; count: number }[]) => total(rs.filter((r) => r.endpoint.startsWith('Chive ')))
  const split = (rs: { endpoint: string; count: number }[]) => `${total(rs.filter((r) => !identity(r)))} + ${total(rs.filter(identity))} identity`
  const requestRows = visits.flatMap((v) => [
    [`${v.label}${v.handleUrl ? ' (handle URL)' : ''}, ${v.cites} eprint${v.cites === 1 ? '' : 's'} cited: first visit`, `≤ ${1 + 2 * v.cites} + identity`, String(v.naive.perVisit), split(v.cold)],
    [`  of which to Chive (Chive's own counter: ${v.chiveCold})`, `≤ ${v.cites}`, String(v.naive.chive), String(chive(v.cold))],
    [`  same page again within a minute: all (Chive's counter: ${v.chiveWarm})`, '0', String(v.naive.perVisit), String(total(v.warm))],
  ])
  const why = visits.flatMap((v) => [
    `${v.label}, first visit (page load → prompt ${ms(v.promptMs)}), ${v.url}:`,
    ...v.cold.map((r) => `  ${String(r.count).padStart(2)} × ${r.endpoint.padEnd(44)} ${r.why}`),
    ...(v.warm.length ? [`  again within a minute:`, ...v.warm.map((r) => `  ${String(r.count).padStart(2)} × ${r.endpoint.padEnd(44)} ${r.why}`)] : []),
  ])
  const cs = now.contentScript ?? []
  const pick = (f: (typeof cs)[number], who: 'quiet' | 'tendril' | 'naive', k: 'scriptingMs' | 'answerMs' | 'longestTaskMs' | 'longTasks' | 'pageLongTasks') => f[who].map((x) => x[k])
  const costRows = cs.flatMap((f) => [
    row(`${f.links.toLocaleString('en')} links, the page cites nothing: Tendril's scripting`, f.links >= 10_000 ? '≤ 5 ms' : '', pick(f, 'quiet', 'scriptingMs'), pick(f, 'naive', 'scriptingMs')),
    row(`${f.links.toLocaleString('en')} links, a verified suggestion (prompt injected and drawn)`, '', pick(f, 'tendril', 'scriptingMs'), pick(f, 'naive', 'scriptingMs')),
  ])
  const longRows = cs.map((f) => {
    const mine = pick(f, 'tendril', 'longTasks')
    const naive = pick(f, 'naive', 'longTasks')
    const loads = (xs: number[]) => `${xs.filter((x) => x > 0).length} of ${xs.length} loads`
    return [
      `${f.links.toLocaleString('en')} links`,
      'none',
      `${loads(naive)} (longest ${ms(Math.max(...pick(f, 'naive', 'longestTaskMs')))})`,
      `${loads(mine)} (longest ${ms(Math.max(...pick(f, 'tendril', 'longestTaskMs')))})`,
      `${mean(pick(f, 'tendril', 'pageLongTasks'))} / ${mean(pick(f, 'naive', 'pageLongTasks'))} / ${mean(f.plainPageLongTasks)}`,
    ]
  })
  const answerNote = cs.map((f) => `${f.links.toLocaleString('en')} links ${median(pick(f, 'tendril', 'answerMs'))}`).join(', ')
  const size = build.sourcesScript
  return [
    table([['requests from page load to a verified suggestion (the extension\'s, at the sandbox)', 'target', 'naive', 'now'], ...requestRows], ['l', 'r', 'r', 'r']),
    'target: 1 PDS read of the source + per cited eprint 1 Chive list and 1 read of its record, + identity lookups when cold',
    '(DID documents from PLC, a handle in the URL); naive, measured in Node with the worker\'s lib/: the content script',
    'and the tab each examine the page on their own, Chive asked unfiltered, nothing kept for the next visit.',
    ...why,
    '',
    table([['Tendril\'s scripts in a source page, trace of a page load (Chromium)', 'target', 'naive median', 'n', 'min', 'median', 'p95', 'max'], ...costRows]),
    `of which the worker's answer and the prompt's render (median): ${answerNote || 'n/a'}`,
    table([['tasks ≥ 50 ms running the script', 'target', 'naive', 'now', 'page longtask observer, mean: Tendril / naive / none'], ...longRows], ['l', 'r', 'r', 'r', 'r']),
    'naive: a bench-only extension scanning querySelectorAll(\'a[href]\') with new URL() of each at document_idle, same HTML;',
    'the page: a seeded bsky.app post URL whose HTML is replaced by N links, 1 in 20 to a Chive eprint: a post that cites',
    'nothing (no Tendril script runs there at all), and a writer\'s citing post (the worker runs the prompt\'s script, which draws it).',
    '',
    table(
      [
        ['script size on source pages (no content script; this one, where needed)', 'target', 'now'],
        [`${size?.file ?? 'backlink-prompt.js'}, gzip -9`, '≤ 20 KB', size ? kb(size.gzip) : 'n/a'],
        [`${size?.file ?? 'backlink-prompt.js'}, raw`, '', size ? kb(size.raw) : 'n/a'],
      ],
      ['l', 'r', 'r'],
    ),
    '',
  ]
}
await life.shutdown(0)
