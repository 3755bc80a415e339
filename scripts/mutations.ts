import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { MUTATIONS, type Mutation } from './mutations/catalogue.ts'

// `npm run test:mutations`: proof that tests can fail. For each named break in
// scripts/mutations/catalogue.ts: check that the break's tests pass on an unbroken scratch copy of
// the repo (the working tree as it is, uncommitted changes included), apply the break there, run
// the same tests again, and put the original back. A mutation is KILLED when a test fails under
// it — what we want — and SURVIVED when every test still passes: that test cannot catch the break.
// Exit status 0 only if every mutation was killed. Not part of `npm test`: it runs the selected
// tests twice per break (about 5 minutes for the whole catalogue on two cores).
//
//   npm run test:mutations                          every mutation
//   npm run test:mutations -- --only <name>[,<name>] some (repeatable)
//   npm run test:mutations -- --list                names and what each one breaks
//   npm run test:mutations -- --keep                keep the scratch copy (its path is printed)
//
// The scratch copy runs its sandbox on its own ports (7582–7587, start.test.ts on 7592–7597;
// TENDRIL_MUTATIONS_PORT moves both), away from a developer's sandbox (2582–2587), other
// worktrees' blocks, start.test.ts's default 4582 and lifecycle.test.ts's fixed 6582 block.
// Each run's vitest output is kept in .output/mutations/<name>.log (and baseline-*.log).

const ROOT = resolve(import.meta.dirname, '..')
const LOG_DIR = join(ROOT, '.output', 'mutations')
const RUN_TIMEOUT_MS = 15 * 60_000
const PORT_BASE = Number(process.env.TENDRIL_MUTATIONS_PORT || 7582)
const START_TEST_PORT = PORT_BASE + 10
const PORT_NAMES = ['PLC', 'PDS', 'BRANCHLINE', 'CHIVE', 'WEB', 'CONTROL'] as const

// ---- arguments ---------------------------------------------------------------------------------
let args: ReturnType<typeof parse>
function parse() {
  return parseArgs({
    options: {
      only: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  })
}
try {
  args = parse()
} catch (error) {
  console.error(`test:mutations: ${(error as Error).message}`)
  process.exit(2)
}

if (args.values.list) {
  for (const m of MUTATIONS) console.log(`${m.name.padEnd(34)} ${m.guards}\n${''.padEnd(34)} ${m.file}; vitest run ${m.test.join(' ')}`)
  process.exit(0)
}

const duplicates = MUTATIONS.map((m) => m.name).filter((name, i, all) => all.indexOf(name) !== i)
if (duplicates.length) fail(`mutation names must be unique: ${duplicates.join(', ')}`)

// State cleanUp() reads, declared before the first fail() that may call it.
let running: ChildProcess | undefined
let restore: (() => void) | undefined
let scratchMade: string | undefined

const wanted = (args.values.only ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean)
const unknown = wanted.filter((name) => !MUTATIONS.some((m) => m.name === name))
if (unknown.length) fail(`no mutation named ${unknown.join(', ')} (see --list)`)
const selected = wanted.length ? MUTATIONS.filter((m) => wanted.includes(m.name)) : MUTATIONS

// Every break must still apply to the code as it is: `find` exactly once, or nothing runs.
const problems = selected.flatMap((m) => {
  const path = join(ROOT, m.file)
  if (!existsSync(path)) return [`${m.name}: ${m.file} does not exist`]
  const count = occurrences(readFileSync(path, 'utf8'), m.find)
  return count === 1 ? [] : [`${m.name}: its find text occurs ${count} times in ${m.file} (must be exactly once):\n    ${JSON.stringify(m.find)}`]
})
if (problems.length) fail(`stale mutations (update scripts/mutations/catalogue.ts):\n  ${problems.join('\n  ')}`)

// ---- the scratch copy ----------------------------------------------------------------------------
const env: NodeJS.ProcessEnv = { ...process.env, TENDRIL_START_TEST_PORT: String(START_TEST_PORT) }
for (const key of Object.keys(env)) if (key === 'NODE_ENV' || key.startsWith('VITEST')) delete env[key]
PORT_NAMES.forEach((name, i) => (env[`TENDRIL_SANDBOX_${name}_PORT`] = String(PORT_BASE + i)))

const ports = [...PORT_NAMES.map((_, i) => PORT_BASE + i), ...PORT_NAMES.map((_, i) => START_TEST_PORT + i)]
const busy = (await Promise.all(ports.map(async (port) => ((await portIsFree(port)) ? [] : [port])))).flat()
if (busy.length) fail(`ports in use: ${busy.join(', ')} (another mutation run?). Set TENDRIL_MUTATIONS_PORT to another base.`)

function cleanUp() {
  restore?.()
  restore = undefined
  if (scratchMade && !args.values.keep) rmSync(scratchMade, { recursive: true, force: true })
}
const scratch = (scratchMade = mkdtempSync(join(tmpdir(), 'tendril-mutations-')))
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    running?.kill('SIGTERM')
    cleanUp()
    process.exit(130)
  })
}

say(`scratch copy of the working tree: ${scratch}`)
// Tracked and new (not ignored) files as they are on disk; the dependency symlinks point at the real
// directories, so nothing is installed.
const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && f !== 'node_modules' && f !== '.tools' && existsSync(join(ROOT, f)))
for (const file of files) {
  mkdirSync(dirname(join(scratch, file)), { recursive: true })
  copyFileSync(join(ROOT, file), join(scratch, file))
}
for (const link of ['node_modules', '.tools']) symlinkSync(realpathSync(join(ROOT, link)), join(scratch, link))
say('generating lexicon code and WXT types in the copy')
execFileSync(process.execPath, ['scripts/lexgen.ts'], { cwd: scratch, env, stdio: ['ignore', 'ignore', 'inherit'] })
execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'prepare'], { cwd: scratch, env, stdio: ['ignore', 'ignore', 'inherit'] })
mkdirSync(LOG_DIR, { recursive: true })

// ---- the runs ----------------------------------------------------------------------------------
type Outcome =
  | { kind: 'pass'; passed: number }
  | { kind: 'fail'; failed: string[] }
  | { kind: 'error'; why: string }

type Verdict = 'KILLED' | 'SURVIVED' | 'BASELINE FAILS' | 'ERROR'
interface Result {
  mutation: Mutation
  verdict: Verdict
  detail: string
  log: string
}

const baselines = new Map<string, { outcome: Outcome; log: string }>()
const results: Result[] = []

for (const [index, mutation] of selected.entries()) {
  say(`[${index + 1}/${selected.length}] ${mutation.name}: ${mutation.guards}`)
  const key = mutation.test.join('\0')
  let baseline = baselines.get(key)
  if (!baseline) {
    const log = join(LOG_DIR, `baseline-${mutation.name}.log`)
    say(`  baseline (unbroken): vitest run ${mutation.test.join(' ')}`)
    baseline = { outcome: await runVitest(mutation.test, log), log }
    baselines.set(key, baseline)
  }
  if (baseline.outcome.kind !== 'pass') {
    const detail = baseline.outcome.kind === 'fail' ? `fails without the break: ${summarise(baseline.outcome.failed)}` : baseline.outcome.why
    results.push({ mutation, verdict: baseline.outcome.kind === 'fail' ? 'BASELINE FAILS' : 'ERROR', detail, log: baseline.log })
    say(`  baseline did not pass: ${detail}`)
    continue
  }

  const path = join(scratch, mutation.file)
  const original = readFileSync(path, 'utf8')
  if (occurrences(original, mutation.find) !== 1) fail(`${mutation.name}: the scratch copy of ${mutation.file} differs from the working tree`)
  restore = () => writeFileSync(path, original)
  const log = join(LOG_DIR, `${mutation.name}.log`)
  let outcome: Outcome
  try {
    writeFileSync(path, original.replace(mutation.find, () => mutation.replace))
    say('  with the break applied')
    outcome = await runVitest(mutation.test, log)
  } finally {
    restore()
    restore = undefined
  }
  if (readFileSync(path, 'utf8') !== original) fail(`could not restore ${mutation.file} in the scratch copy`)

  const result: Result =
    outcome.kind === 'fail'
      ? { mutation, verdict: 'KILLED', detail: `caught by ${summarise(outcome.failed)}`, log }
      : outcome.kind === 'pass'
        ? { mutation, verdict: 'SURVIVED', detail: `all ${outcome.passed} selected tests still pass`, log }
        : { mutation, verdict: 'ERROR', detail: outcome.why, log }
  results.push(result)
  say(`  ${result.verdict}: ${result.detail}`)
}

cleanUp()
printTable(results)
if (args.values.keep) say(`scratch copy kept: ${scratch}`)
process.exit(results.every((r) => r.verdict === 'KILLED') ? 0 : 1)

// ---- helpers -------------------------------------------------------------------------------------

/** Runs `vitest run <testArgs>` in the scratch copy and reads its JSON report. A run counts as
 * failed only when a test failed; a suite that did not load, no test selected, a timeout or a crash
 * is an error (it proves nothing either way). */
async function runVitest(testArgs: string[], logPath: string): Promise<Outcome> {
  const report = join(scratch, '.mutation-report.json')
  rmSync(report, { force: true })
  const vitestArgs = ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...testArgs]
  const output: Buffer[] = []
  const code = await new Promise<number | null>((done) => {
    const child = spawn(process.execPath, vitestArgs, { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] })
    running = child
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS)
    child.once('close', (exitCode) => {
      clearTimeout(timer)
      running = undefined
      done(exitCode)
    })
  })
  writeFileSync(logPath, `$ node ${vitestArgs.join(' ')}\n(exit ${code})\n\n${Buffer.concat(output).toString('utf8')}`)
  if (!existsSync(report)) return { kind: 'error', why: `vitest wrote no report (exit ${code})` }
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number
    testResults: Array<{ name: string; status: string; message?: string; assertionResults: Array<{ fullName: string; status: string }> }>
  }
  const failed = json.testResults.flatMap((file) => file.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName))
  if (failed.length) return { kind: 'fail', failed }
  const broken = json.testResults.filter((file) => file.status === 'failed').map((file) => `${relative(scratch, file.name)}: ${(file.message ?? '').split('\n')[0]}`)
  if (broken.length) return { kind: 'error', why: `did not run: ${broken.join('; ')}` }
  if (json.numPassedTests === 0) return { kind: 'error', why: 'no test was selected' }
  if (code !== 0) return { kind: 'error', why: `vitest exited ${code} with no failed test` }
  return { kind: 'pass', passed: json.numPassedTests }
}

function printTable(rows: Result[]): void {
  const width = Math.max(...rows.map((r) => r.mutation.name.length), 'mutation'.length)
  const verdictWidth = 'BASELINE FAILS'.length
  console.log('')
  console.log(`${'mutation'.padEnd(width)}  ${'verdict'.padEnd(verdictWidth)}  detail`)
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(verdictWidth)}  ${'-'.repeat(40)}`)
  for (const r of rows) console.log(`${r.mutation.name.padEnd(width)}  ${r.verdict.padEnd(verdictWidth)}  ${r.detail}`)
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length
  console.log('')
  console.log(
    `mutations: ${count('KILLED')} killed, ${count('SURVIVED')} survived` +
      (count('BASELINE FAILS') ? `, ${count('BASELINE FAILS')} with a failing baseline` : '') +
      (count('ERROR') ? `, ${count('ERROR')} errors` : ''),
  )
  for (const r of rows.filter((r) => r.verdict !== 'KILLED')) console.log(`  ${r.mutation.name}: see ${relative(process.cwd(), r.log)}`)
}

function summarise(names: string[]): string {
  const first = names[0]!.length > 110 ? `${names[0]!.slice(0, 107)}…` : names[0]!
  return names.length > 1 ? `“${first}” (+${names.length - 1} more)` : `“${first}”`
}

function occurrences(text: string, find: string): number {
  if (!find) return 0
  let count = 0
  for (let at = text.indexOf(find); at !== -1; at = text.indexOf(find, at + 1)) count++
  return count
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = net.createServer()
    server.once('error', () => done(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)))
  })
}

function say(message: string): void {
  process.stderr.write(`test:mutations: ${message}\n`)
}

function fail(message: string): never {
  console.error(`test:mutations: ${message}`)
  cleanUp()
  process.exit(2)
}
