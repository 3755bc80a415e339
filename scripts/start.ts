import { relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureChromium } from './ensure-chromium.ts'

// `npm start`: Tendril on the embedded sandbox network, in Debian's Chromium.
//
//   npm start                          headed if a display is available, else headless
//   npm start -- --headless            walk through a first run, screenshot it, exit
//   npm start -- --out <dir>           where the headless screenshots go (default ./screenshots)
//   npm start -- --ports 4582          six consecutive ports from 4582 instead of 2582–2587
//   npm start -- --verbose             show the sandbox's log too
//
// Steps: Chromium present → lexgen + sandbox build of the extension (into its own directory, see
// start/build.ts) → the sandbox as a child process → Chromium with Tendril on the demo bud page.
// Headed: prints where everything is and stays up until Ctrl-C or until the browser is closed.
// Headless: opens the bud page, the real toolbar popup, signs in through the popup and the PDS's
// pages, bookmarks the demo bud with the control Tendril draws beside it, visits an eprint page, a
// Bluesky post and the blog, screenshots each, prints a summary.
// Progress goes to stderr; the info block / summary to stdout. Any failure: a message, everything
// stopped, exit 1. Ports come from TENDRIL_SANDBOX_*_PORT (tests/sandbox/config.ts) or --ports.

const HELP = `Usage: npm start [-- options]

  --headless        no window: walk through a first run, save screenshots, exit
                    (the default when neither DISPLAY nor WAYLAND_DISPLAY is set)
  --out <dir>       where the screenshots go (default: ./screenshots in the repo)
  --ports <base>    use ports base…base+5 (PLC, PDS, Branchline, Chive, web, control)
                    instead of TENDRIL_SANDBOX_*_PORT or the defaults 2582–2587
  --verbose         show the sandbox's log
  -h, --help        this text
`

let args: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    options: {
      headless: { type: 'boolean', default: false },
      out: { type: 'string' },
      ports: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
}
try {
  args = parse()
} catch (err) {
  console.error(`tendril start: ${(err as Error).message}\n\n${HELP}`)
  process.exit(2)
}
if (args.values.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

const { portsFromBase, busyPorts, describePorts } = await import('./start/ports.ts')
if (args.values.ports !== undefined) {
  try {
    // Before anything reads them: the sandbox child and the build inherit process.env.
    Object.assign(process.env, portsFromBase(Number(args.values.ports)))
  } catch (err) {
    console.error(`tendril start: --ports: ${(err as Error).message}`)
    process.exit(2)
  }
}

const { sandboxPorts } = await import('../tests/sandbox/config.ts')
const { ROOT } = await import('../tests/e2e/setup/build.ts')
let ports: ReturnType<typeof sandboxPorts>
try {
  ports = sandboxPorts()
} catch (err) {
  console.error(`tendril start: ${(err as Error).message}`)
  process.exit(2)
}

const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY
const headless = args.values.headless || !display
// npm runs scripts from the repo root (scripts/node22.sh cd's there too): a relative --out is
// relative to where the person typed the command.
const userCwd = process.env.npm_lifecycle_event === 'start' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd()
const outDir = args.values.out ? resolve(userCwd, args.values.out) : resolve(ROOT, 'screenshots')
const verbose = args.values.verbose

const startedAt = performance.now()
const say = (msg: string) => process.stderr.write(`tendril: ${msg}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

// ---- shutdown: everything started is registered and closed in reverse order, once --------------
const { createLifecycle } = await import('./start/lifecycle.ts')
let headedRunning = false
const life = createLifecycle({
  log: say,
  // An interrupted walkthrough is a failure; stopping a headed session is how it normally ends.
  exitCodeFor: (signal) => (headedRunning ? 0 : 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!),
})
const shutdown = life.shutdown

async function step<T>(what: string, run: () => Promise<T> | T): Promise<T> {
  say(`${what}…`)
  const t = performance.now()
  try {
    const value = await run()
    if (verbose) say(`  (${what}: ${seconds(performance.now() - t)})`)
    return value
  } catch (err) {
    if (life.stopping) return new Promise<never>(() => {})
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`\ntendril start: FAILED — ${what}\n  ${message.replaceAll('\n', '\n  ')}\n\n`)
    return shutdown(1)
  }
}

// ---- the run -------------------------------------------------------------------------------------
say(`${headless ? `headless run${args.values.headless ? '' : ' (no DISPLAY or WAYLAND_DISPLAY)'}` : `headed run on ${display}`}; sandbox ports: ${describePorts(ports)}`)

await step('checking for Chromium', () => ensureChromium())

await step('checking that the sandbox ports are free', async () => {
  const busy = await busyPorts(ports)
  if (busy.length) {
    throw new Error(
      `in use: ${busy.map((b) => `${b.name} ${b.port}`).join(', ')}. Another sandbox, \`npm start\` or test run is probably using them. ` +
        'Stop it, or pick other ports: npm start -- --ports 3582 (or TENDRIL_SANDBOX_*_PORT).',
    )
  }
})

const { buildSandboxExtension } = await import('./start/build.ts')
const buildAbort = new AbortController()
const building = buildSandboxExtension(ports, process.env, buildAbort.signal)
building.catch(() => undefined) // handled by step() below
life.add('the build', async () => {
  buildAbort.abort()
  await building.catch(() => undefined)
})
const build = await step('generating lexicon code and building the sandbox extension', () => building)
say(`  extension built in ${seconds(build.lexgenMs + build.wxtMs)}: ${relative(ROOT, build.dir)}`)

const { spawnSandbox } = await import('../tests/sandbox/spawn.ts')
const sandbox = await step('starting the sandbox network (PLC, PDS, Branchline, Chive, web pages)', () =>
  spawnSandbox({
    onLog: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    onSpawn: (stop) => life.add('the sandbox', stop),
  }),
)
say(`  sandbox ready in ${seconds(sandbox.startMs)}`)
const ready = sandbox.ready

const { launchTendril } = await import('../tests/e2e/harness/tendril.ts')
const launching = launchTendril({ extensionPath: build.dir, sandbox: ready, headed: !headless })
launching.catch(() => undefined) // handled by step() below
// Registered before the launch finishes: stopping meanwhile waits for it, then closes it properly.
life.add('Chromium', async () => (await launching.catch(() => undefined))?.close())
const tendril = await step(`launching Chromium (${headless ? 'headless' : 'headed'}) with Tendril`, () => launching)
life.keepOnlyOurSignalHandlers()

const { budPageUrl } = await import('../lib/sites/branchline.ts')
const demoUrl = budPageUrl(ready.seed.buds.demo)!
const eprint = ready.seed.eprints[0]
const post = ready.seed.sources.find((s) => s.sourceType === 'bluesky.post')

if (!headless) {
  await step('opening the demo bud page', async () => {
    const initial = await tendril.browser.pages()
    const page = await tendril.openPage(demoUrl)
    await page.bringToFront()
    for (const blank of initial) if (blank !== page && blank.url() === 'about:blank') await blank.close()
  })
  headedRunning = true
  tendril.browser.once('disconnected', () => void shutdown(0, 'Chromium was closed: stopping the sandbox…'))
  const { reader, writers } = ready.seed
  const lines = [
    '',
    'Tendril is running in Chromium on the sandbox network.',
    '',
    'Sign in: click the puzzle-piece icon in the toolbar → Tendril (pin it for next time), type',
    `  ${reader.handle}   and on the PDS page use the password   ${reader.password}   then Authorize.`,
    `  Other accounts (same password): ${writers.map((w) => w.handle).join(', ')}.`,
    '',
    'Pages to try (they only exist inside this Chromium window):',
    `  bud page      ${demoUrl}`,
    eprint && `  eprint page   ${eprint.pageUrl}`,
    post && `  Bluesky post  ${post.pageUrl}`,
    `  blog          ${ready.seed.blogUrl}`,
    '',
    'Sandbox:',
    `  PDS           ${ready.pdsUrl}  (sign-in pages, accounts)`,
    `  PLC           ${ready.plcUrl}`,
    `  Branchline    ${ready.branchlineUrl}  (AppView stand-in)`,
    `  Chive         ${ready.chiveUrl}  (AppView stand-in)`,
    `  web pages     https://127.0.0.1:${ready.web.port}  serving ${ready.web.hosts.join(', ')}`,
    `  control       ${ready.controlUrl}  (GET /health, POST /pds/stop, …)`,
    `  extension     ${relative(ROOT, build.dir)}`,
    '',
    'Press Ctrl-C here, or close Chromium, to stop everything.',
    '',
  ]
  process.stdout.write(lines.filter((l) => typeof l === 'string').join('\n') + '\n')
} else {
  const timeoutMs = Number(process.env.TENDRIL_START_TIMEOUT_MS ?? 180_000)
  const watchdog = setTimeout(() => {
    process.stderr.write(`\ntendril start: FAILED — the walkthrough took over ${seconds(timeoutMs)}\n\n`)
    void shutdown(1)
  }, timeoutMs)
  tendril.browser.once('disconnected', () => {
    if (!life.stopping) {
      process.stderr.write('\ntendril start: FAILED — Chromium went away during the walkthrough\n\n')
      void shutdown(1)
    }
  })
  const { walkthrough } = await import('./start/walkthrough.ts')
  const result = await step('walking through a first run', () => walkthrough(tendril, ready, outDir, (s) => say(`  ${s}`)))
  clearTimeout(watchdog)
  const where = relative(process.cwd(), outDir) || '.'
  const shown = where.startsWith('..') ? outDir : where
  const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`
  const lines = [
    '',
    `Tendril headless run: OK in ${seconds(performance.now() - startedAt)}`,
    `  sandbox       ${describePorts(ports)} (ready in ${seconds(sandbox.startMs)})`,
    `  extension     ${relative(ROOT, build.dir)} (built in ${seconds(build.lexgenMs + build.wxtMs)})`,
    `  bud page      ${result.bud.url} — “${result.bud.title}”, ${result.bud.renderedBuds} buds on the path`,
    `  popup (out)   ${result.signedOut.popupSays}`,
    `  signed in     ${result.signedIn.handle} (${result.signedIn.did}) — ${result.signedIn.confirmation}`,
    `  popup (in)    ${result.bud.popupSays}`,
    `  bookmark      ${result.bookmark.record} — the toast said “${result.bookmark.toast}”`,
    ...result.pages.map((p) => `  ${p.label.padEnd(13)} ${p.url} — “${p.title}”; popup: ${p.popupSays || '(nothing about this page)'}`),
    `  screenshots   ${shown}/ (${result.shots.length} PNG files)`,
    ...result.shots.map((s) => `    ${s.file.padEnd(27)} ${kb(s.bytes).padStart(6)}  ${s.what}`),
    '',
  ]
  process.stdout.write(lines.join('\n') + '\n')
  await shutdown(0)
}
