// Regenerates lib/lexicons/generated/ (TypeScript types + runtime validators) from lexicons/**/*.json
// with @atproto/lex-cli's `gen-api`. Usage: `npm run lexgen` (or `node scripts/lexgen.ts [--force]`).
//
// Why the extra steps around lex-cli:
// - lex-cli silently skips a file it cannot parse, so every file is parsed here first and every ref
//   resolved: a broken lexicon fails the run instead of quietly vanishing from the output;
// - generation takes seconds (lex-cli runs prettier), so a hash of the inputs is kept in a stamp file
//   in the output directory and an unchanged tree is skipped;
// - the runtime copy of the lexicons (`schemaDict` in lexicons.ts, which the worker bundles and
//   parses at every start) is rewritten without `description` strings: they are for people, live on
//   in lexicons/ and in the generated types' comments, and were a third of the worker's lexicon bytes;
// - output is generated into a scratch directory and swapped in whole, so a failed run never leaves a
//   half-written tree (and files of deleted lexicons do not linger).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LexiconDoc } from '@atproto/lexicon'
import { unresolvedRefs } from './lexicon-refs.ts'
import { withoutDescriptions } from './lexicon-runtime.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LEXICON_DIR = path.join(ROOT, 'lexicons')
const OUT_DIR = path.join(ROOT, 'lib', 'lexicons', 'generated')
const STAMP = path.join(OUT_DIR, '.lexgen-stamp')
const LEX_CLI_DIR = path.join(ROOT, 'node_modules', '@atproto', 'lex-cli')

function listJson(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.json'))
    .map((rel) => path.join(dir, rel))
    .sort()
}

/** Inputs: every lexicon file (path and bytes), the lex-cli version, this script and the helper that
 * shapes the runtime copy. */
function inputHash(files: string[]): string {
  const hash = createHash('sha256')
  const cliVersion = JSON.parse(fs.readFileSync(path.join(LEX_CLI_DIR, 'package.json'), 'utf8')).version
  hash.update(`lex-cli ${cliVersion}\0`)
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)))
  hash.update(fs.readFileSync(fileURLToPath(new URL('./lexicon-runtime.ts', import.meta.url))))
  for (const file of files) {
    hash.update(`\0${path.relative(ROOT, file)}\0`)
    hash.update(fs.readFileSync(file))
  }
  return hash.digest('hex')
}

/** Parses each file as lex-cli will, checks ids match paths and that every ref resolves. */
async function checkLexicons(files: string[]): Promise<void> {
  // Loaded here, not at the top: the up-to-date path should not pay for it.
  const { Lexicons, parseLexiconDoc } = await import('@atproto/lexicon')
  const docs: LexiconDoc[] = []
  for (const file of files) {
    let doc: LexiconDoc
    try {
      doc = parseLexiconDoc(JSON.parse(fs.readFileSync(file, 'utf8')))
    } catch (err) {
      throw new Error(`${path.relative(ROOT, file)}: not a valid lexicon: ${String(err)}`, { cause: err })
    }
    const expected = path.relative(LEXICON_DIR, file).replace(/\.json$/, '').split(path.sep).join('.')
    if (doc.id !== expected) throw new Error(`${path.relative(ROOT, file)}: id ${doc.id} does not match its path`)
    docs.push(doc)
  }
  const lexicons = new Lexicons(docs)
  const missing = unresolvedRefs(lexicons)
  if (missing.length > 0) throw new Error(`unresolved lexicon refs:\n  ${missing.join('\n  ')}`)
}

function generate(files: string[], hash: string): void {
  const scratch = `${OUT_DIR}.tmp-${process.pid}`
  fs.rmSync(scratch, { recursive: true, force: true })
  fs.mkdirSync(scratch, { recursive: true })
  try {
    // --yes: lex-cli otherwise asks "Are you sure?" on the terminal.
    const run = spawnSync(process.execPath, [path.join(LEX_CLI_DIR, 'bin.js'), 'gen-api', '--yes', scratch, ...files], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (run.error) throw run.error
    if (run.status !== 0) {
      throw new Error(`lex gen-api exited with ${run.status ?? run.signal}\n${run.stdout}\n${run.stderr}`)
    }
    if (!fs.existsSync(path.join(scratch, 'lexicons.ts'))) {
      throw new Error(`lex gen-api wrote no lexicons.ts\n${run.stdout}\n${run.stderr}`)
    }
    compactSchemaDict(path.join(scratch, 'lexicons.ts'), files)
    fs.writeFileSync(path.join(scratch, '.lexgen-stamp'), `${hash}\n`)
    fs.rmSync(OUT_DIR, { recursive: true, force: true })
    fs.renameSync(scratch, OUT_DIR)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

const SCHEMA_DICT_START = 'export const schemaDict = {\n'
const SCHEMA_DICT_END = '\n} as const satisfies Record<string, LexiconDoc>\n'

/** Replaces lex-cli's `schemaDict` literal with the same documents minus their `description`
 * strings (lexicon-runtime.ts). Its keys are only ever read through `Object.values`, so they are
 * simply the NSIDs. */
function compactSchemaDict(file: string, lexiconFiles: string[]): void {
  const source = fs.readFileSync(file, 'utf8')
  const start = source.indexOf(SCHEMA_DICT_START)
  const end = source.indexOf(SCHEMA_DICT_END, start)
  if (start < 0 || end < 0) throw new Error('lex gen-api wrote a lexicons.ts whose schemaDict this script cannot find')
  const entries = lexiconFiles.map((f) => {
    const doc = JSON.parse(fs.readFileSync(f, 'utf8')) as { id: string }
    return `  ${JSON.stringify(doc.id)}: ${JSON.stringify(withoutDescriptions(doc))},`
  })
  const dict = `export const schemaDict = {\n${entries.join('\n')}`
  fs.writeFileSync(file, source.slice(0, start) + dict + source.slice(end))
}

async function main(): Promise<void> {
  const force = process.argv.includes('--force')
  const files = listJson(LEXICON_DIR)
  if (files.length === 0) throw new Error(`no lexicon files under ${LEXICON_DIR}`)
  const hash = inputHash(files)
  const current = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, 'utf8').trim() : ''
  if (!force && current === hash && fs.existsSync(path.join(OUT_DIR, 'lexicons.ts'))) {
    console.log(`lexgen: up to date (${files.length} lexicons)`)
    return
  }
  const started = Date.now()
  await checkLexicons(files)
  generate(files, hash)
  console.log(`lexgen: generated ${path.relative(ROOT, OUT_DIR)}/ from ${files.length} lexicons in ${Date.now() - started} ms`)
}

main().catch((err: unknown) => {
  console.error(`lexgen: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})
