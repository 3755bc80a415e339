// Shared by lexgen (which writes the runtime copy of the lexicons) and the lexicon tests (which
// check that copy against lexicons/).

/** A lexicon document without its `description` strings: they are for people, and the worker parses
 * the runtime copy at every start. Only string-valued `description` keys go: a record field named
 * `description` (a `properties` entry) has a schema object as its value and stays. */
export function withoutDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDescriptions)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, v]) => !(key === 'description' && typeof v === 'string'))
      .map(([key, v]) => [key, withoutDescriptions(v)]),
  )
}
