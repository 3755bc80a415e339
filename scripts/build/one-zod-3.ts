import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Tendril's own code uses zod 4 (the top-level `zod`), while every @atproto package asks for zod 3
// (`^3.x`). npm cannot hoist those, so each @atproto package gets its own nested copy of
// zod@3.25.x: about ten identical copies, which made zod half of the worker bundle. This resolver
// sends every `zod` import from inside a dependency to one of those copies (they are the same
// version, checked below), exactly what npm would have done without the top-level zod 4.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The package whose nested zod 3 becomes the one copy; any @atproto package with zod 3 would do. */
const ANCHOR = '@atproto/lexicon'

/** The directory of the zod 3 package ANCHOR resolves (a file inside it, for resolving from). */
function zod3Importer(): string {
  const anchorDir = path.join(ROOT, 'node_modules', ...ANCHOR.split('/'))
  const fromAnchor = createRequire(path.join(anchorDir, 'package.json'))
  const pkgPath = fromAnchor.resolve('zod/package.json')
  const { version } = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }
  if (!version.startsWith('3.')) throw new Error(`one-zod-3: ${ANCHOR} resolves zod ${version}, expected 3.x`)
  // Resolving `zod` from the anchor's own package.json finds that same nested copy.
  return path.join(anchorDir, 'package.json')
}

const inDependency = (file: string) => file.includes(`${path.sep}node_modules${path.sep}`)
const inZod = (file: string) => /[\\/]node_modules[\\/]zod[\\/]/.test(file)

/** A Vite/Rolldown plugin: `zod` and `zod/…` imported from a dependency resolve to one zod 3 copy.
 * Tendril's own imports of `zod` (zod 4) are left alone. */
export function oneZod3() {
  let importerFile: string | undefined
  return {
    name: 'tendril:one-zod-3',
    enforce: 'pre' as const,
    async resolveId(
      this: { resolve(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<unknown> },
      source: string,
      importer: string | undefined,
    ) {
      if (source !== 'zod' && !source.startsWith('zod/')) return null
      if (!importer || !inDependency(importer) || inZod(importer)) return null
      importerFile ??= zod3Importer()
      return this.resolve(source, importerFile, { skipSelf: true })
    },
  }
}
