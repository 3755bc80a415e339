import type { Lexicons } from '@atproto/lexicon'

// Shared by lexgen (which refuses to generate from a broken set) and the lexicon tests.

/** `Lexicons` rewrites refs to absolute `lex:` URIs on add; any that names no def is reported. */
export function unresolvedRefs(lexicons: Lexicons): string[] {
  const missing: string[] = []
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, where))
    if (!node || typeof node !== 'object') return
    const obj = node as Record<string, unknown>
    const refs = obj.type === 'ref' ? [obj.ref] : obj.type === 'union' ? (obj.refs as unknown[]) : []
    for (const ref of refs) {
      if (typeof ref !== 'string' || !lexicons.getDef(ref)) missing.push(`${where} → ${String(ref)}`)
    }
    for (const value of Object.values(obj)) walk(value, where)
  }
  // `defs` holds each main def twice (`lex:a.b.c` and `lex:a.b.c#main`): walk the `#` keys only.
  for (const [uri, def] of lexicons.defs) if (uri.includes('#')) walk(def, uri)
  return missing
}
