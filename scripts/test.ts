import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureChromium } from './ensure-chromium.ts'

// `npm test`: everything, in one command, on a fresh machine. Node 22 and npm deps are already
// ensured by scripts/node22.sh; here: Chromium, generated lexicon code, WXT's types, the type
// check, then every vitest project (unit, integration against the sandbox, e2e in Chromium).
// Extra arguments go to vitest (e.g. `npm test -- --project unit`).

function run(what: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`tendril: ${what} failed`)
    process.exit(result.status ?? 1)
  }
}

ensureChromium()
run('lexicon code generation', process.execPath, ['scripts/lexgen.ts'])
run('wxt prepare', process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'prepare'])
run('type check', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'])

const reportDir = mkdtempSync(join(tmpdir(), 'tendril-test-'))
const report = join(reportDir, 'vitest.json')
const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)

// One plain closing line that any CI reader understands, whatever vitest printed above.
let summary = 'tests: 0 passed, 0 failed'
try {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests + r.numTodoTests ? `, ${r.numPendingTests + r.numTodoTests} skipped` : '')
} catch {
  summary = 'tests: 0 passed, 1 failed'
}
rmSync(reportDir, { recursive: true, force: true })
console.log(summary)
process.exit(vitest.status ?? 1)
