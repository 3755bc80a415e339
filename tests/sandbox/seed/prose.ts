// Deterministic filler prose for buds: a seeded PRNG, so every run seeds the same stories (only
// DIDs, rkeys and CIDs differ) and a failing test can be reproduced by reading the same text.

export function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!

const SUBJECTS = [
  'The keeper', 'Mara', 'The tide', 'Her brother', 'The lamp', 'A stranger from the mainland',
  'The ferryman', 'The radio', 'Old Tomas', 'The gulls', 'The harbour master', 'The fog',
] as const
const VERBS = [
  'waited by', 'climbed toward', 'listened to', 'turned away from', 'remembered', 'followed',
  'counted', 'mended', 'circled', 'wrote about', 'carried', 'argued with',
] as const
const OBJECTS = [
  'the iron stair', 'the long pier', 'a letter nobody sent', 'the signal fire', 'the salt-white rocks',
  'the logbook', 'the last boat of the season', 'a lantern with a cracked pane', 'the map of soundings',
  'the shuttered chapel', 'the weather glass', 'the north window',
] as const
const CODAS = [
  'and the light swung once more over the water.',
  'while the wind rearranged the sand.',
  'though no one on the island would admit it.',
  'as if the sea had been keeping a secret.',
  'until the bell in the harbour rang twice.',
  'and for a moment everything was still.',
] as const
const TITLE_WORDS = [
  'Lantern', 'Undertow', 'Soundings', 'The Stair', 'Low Water', 'Signal', 'Driftwood', 'The Log',
  'Fog Bell', 'Ebb', 'Crossing', 'Salt', 'Keel', 'The Letter', 'Landfall', 'Squall',
] as const

export function sentence(rand: () => number): string {
  return `${pick(rand, SUBJECTS)} ${pick(rand, VERBS)} ${pick(rand, OBJECTS)}, ${pick(rand, CODAS)}`
}

export function budText(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 3)
  return Array.from({ length: n }, () => sentence(rand)).join(' ')
}

export function budTitle(rand: () => number, depth: number): string {
  return `${pick(rand, TITLE_WORDS)} (${depth})`
}
