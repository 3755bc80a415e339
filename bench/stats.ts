// Small statistics and table helpers for the benchmarks. Figures are printed, never asserted.

export interface Summary {
  n: number
  min: number
  median: number
  p95: number
  max: number
}

/** Nearest-rank percentiles (no interpolation): with 10 samples, p95 is the largest. */
export function summarize(samples: number[]): Summary {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
  return { n: sorted.length, min: sorted[0]!, median: rank(50), p95: rank(95), max: sorted.at(-1)! }
}

export const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 100 ? `${Math.round(value)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 2)} MB`
export const kb = (bytes: number) => (bytes >= 1024 * 1024 ? mb(bytes) : `${Math.round(bytes / 1024)} KB`)

/** A plain text table; the first row is the header. `align` per column ('l' or 'r'); by default
 * the first column is left-aligned and the others right-aligned. */
export function table(rows: string[][], align?: ('l' | 'r')[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  const side = (c: number) => align?.[c] ?? (c === 0 ? 'l' : 'r')
  const render = (row: string[]) =>
    widths.map((w, c) => (side(c) === 'l' ? (row[c] ?? '').padEnd(w) : (row[c] ?? '').padStart(w))).join('  ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [render(rows[0]!), rule, ...rows.slice(1).map(render)].join('\n')
}
