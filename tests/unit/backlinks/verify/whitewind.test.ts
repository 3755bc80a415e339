import { describe, expect, it } from 'vitest'
import { verifyWhiteWindEntry } from '../../../../lib/backlinks/verify/whitewind'
import { E0, E1, E2, TITLE0, entry, page } from '../fixtures'

const eprints = (content: string) => verifyWhiteWindEntry(entry(content)).map((c) => c.eprint)
const P0 = page(E0)
const FENCE = '```'

// [case, markdown content, eprints it cites] — the first two are the seed's entries verbatim in shape
const TABLE: Array<[string, string, string[]]> = [
  ['inline link', `# Notes on branching stories\n\nThis week I read [${TITLE0}](${P0}). The tree framing fits.\n`, [E0]],
  ['unencoded form and an autolink', `Service auth explained: [read it](https://chive.pub/eprints/${E1}).\n\nAnd on citations: <${page(E2)}>\n`, [E1, E2]],
  ['bare URL (GFM autolink literal)', `Read ${P0}, then the rest.`, [E0]],
  ['bare URL in parentheses', `(see ${P0})`, [E0]],
  ['www. bare URL', `Read www.chive.pub/eprints/${encodeURIComponent(E0)} now`, [E0]],
  ['angle-bracket destination with a title', `[paper](<${P0}> "Chive")`, [E0]],
  ['reference link', `Read [the paper][p].\n\n[p]: ${P0} "On Chive"\n`, [E0]],
  ['collapsed and shortcut references', `[One][] and [two].\n\n[one]: ${P0}\n[Two]: ${page(E1)}\n`, [E0, E1]],
  ['fragment and tracking parameters', `[x](${P0}?utm_source=newsletter&ref=rss#abstract)`, [E0]],
  ['link text with emphasis and code', `[*the* \`tree\` paper](${P0})`, [E0]],
  ['link after a code span on the same line', `Use \`npm test\`, then read [this](${P0}).`, [E0]],
  ['link in a list', `- one\n- [two](${P0})\n`, [E0]],
  // Near-misses
  ['title mentioned, not linked', `I keep coming back to *${TITLE0}*, though I have no copy.\n`, []],
  ['a different eprint only', `[x](${page(E1)})`, [E1]],
  ['a non-eprint chive.pub link', '[Chive](https://chive.pub/) and <https://chive.pub/about>', []],
  ['doubly-encoded link', `[x](https://chive.pub/eprints/${encodeURIComponent(encodeURIComponent(E0))})`, []],
  ['link inside a code span', `Type \`[x](${P0})\` to link.`, []],
  ['bare URL inside a double-backtick code span', `Like \`\` ${P0} \`\` this.`, []],
  ['link inside a fenced code block', `${FENCE}md\n[x](${P0})\n${FENCE}\n`, []],
  ['link inside a tilde fence with backticks in it', `~~~\n${FENCE}\n[x](${P0})\n~~~\n`, []],
  ['link inside an indented code block', `Example:\n\n    [x](${P0})\n`, []],
  ['link inside an HTML comment', `<!-- [x](${P0}) -->`, []],
  ['image, not a link', `![cover](${P0})`, []],
  ['escaped link syntax with no URL', '\\[x\\](not-a-url)', []],
  ['unused reference definition', `[p]: ${P0}\n`, []],
  ['URL in a raw HTML attribute', `<a href="${P0}">paper</a>`, []],
  ['URL glued to a word (no boundary)', `foo${P0}`, []],
]

describe('verifyWhiteWindEntry', () => {
  it.each(TABLE)('%s', (_name, content, expected) => {
    expect(eprints(content)).toEqual(expected)
  })

  it('cites nothing from an author-only entry', () => {
    expect(verifyWhiteWindEntry(entry(`[x](${P0})`, { visibility: 'author' }))).toEqual([])
  })

  it('cites nothing from a (deprecated) draft', () => {
    expect(verifyWhiteWindEntry(entry(`[x](${P0})`, { isDraft: true }))).toEqual([])
  })

  it('marks citations of an unlisted entry as suggestion-only', () => {
    expect(verifyWhiteWindEntry(entry(`[x](${P0})`, { visibility: 'url' }))).toEqual([
      { eprint: E0, sourceType: 'whitewind.blog', context: 'x', unlistedOnly: true },
    ])
  })

  it('treats a missing visibility as public (the lexicon default)', () => {
    const [c] = verifyWhiteWindEntry(entry(`[x](${P0})`))
    expect(c).toEqual({ eprint: E0, sourceType: 'whitewind.blog', context: 'x' })
  })

  it('gives the paragraph as the reader sees it as context', () => {
    const [c] = verifyWhiteWindEntry(entry(`# Title\n\nThis week I read [the tree paper](${P0}).\nIt fits.\n\nOther paragraph.`))
    expect(c!.context).toBe('This week I read the tree paper. It fits.')
  })
})
