// The links a reader of rendered markdown can click, found without a markdown library (a content
// script and worker budget, and we need links only). Follows CommonMark + GFM where it matters for
// "is this a link": inline links `[text](url)`, reference links `[text][label]` / `[label]` with their
// `[label]: url` definitions, autolinks `<https://…>`, GFM bare URLs (`https://…`, `www.…`) at a word
// boundary. Not links: anything in a code span, a fenced or indented code block, an HTML comment, an
// image's source, an HTML tag's attributes. Where this is unsure it errs toward "not a link": a missed
// link costs a suggestion; a false one would publish a backlink the page does not make.

export interface MarkdownLink {
  url: string
  /** UTF-16 index of the link in its block's `text`. */
  at: number
}

export interface MarkdownBlock {
  /** The block as a reader sees it: links replaced by their text, code kept as text. */
  text: string
  links: MarkdownLink[]
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const DEFINITION = /^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*(?:<([^<>\n]*)>|(\S+))(?:[ \t]+.*)?$/
const AUTOLINK = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/
const HTML_TAG = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/
const BARE = /^(?:https?:\/\/|www\.)[^\s<]+/i

const label = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase()

/** The blocks of `markdown` (split at blank lines, code blocks left out), each with its links. */
export function markdownLinks(markdown: string): MarkdownBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n')
  const definitions = new Map<string, string>()
  const paragraphs: string[][] = [[]]
  let fence: string | undefined
  let previousBlank = true
  for (const line of lines) {
    const blank = line.trim() === ''
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) fence = undefined
      continue
    }
    const open = FENCE.exec(line)
    if (open) {
      fence = open[1]!
      paragraphs.push([])
      continue
    }
    // An indented line after a blank one starts (or continues) an indented code block.
    if (previousBlank && /^( {4}|\t)/.test(line) && !blank) continue
    const def = DEFINITION.exec(line)
    if (def) {
      const key = label(def[1]!)
      if (!definitions.has(key)) definitions.set(key, def[2] ?? def[3]!)
      previousBlank = false
      continue
    }
    if (blank) paragraphs.push([])
    else paragraphs[paragraphs.length - 1]!.push(line)
    previousBlank = blank
  }
  return paragraphs
    .filter((p) => p.length)
    .map((p) => inline(p.join('\n'), definitions))
    .filter((b) => b.text.trim() !== '')
}

function inline(src: string, definitions: Map<string, string>): MarkdownBlock {
  let text = ''
  const links: MarkdownLink[] = []
  let i = 0
  while (i < src.length) {
    const rest = src.slice(i)
    const c = src[i]!
    if (c === '\\' && /^\\[!-/:-@[-`{-~]/.test(rest)) {
      text += src[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0]
      const close = findClosingTicks(src, i + run.length, run.length)
      if (close < 0) {
        text += run
        i += run.length
      } else {
        text += src.slice(i + run.length, close).replace(/\n/g, ' ')
        i = close + run.length
      }
      continue
    }
    if (rest.startsWith('<!--')) {
      const end = src.indexOf('-->', i + 4)
      i = end < 0 ? src.length : end + 3
      continue
    }
    if (c === '<') {
      const auto = AUTOLINK.exec(rest)
      if (auto) {
        links.push({ url: auto[1]!, at: text.length })
        text += auto[1]
        i += auto[0].length
        continue
      }
      const tag = HTML_TAG.exec(rest)
      if (tag) {
        i += tag[0].length
        continue
      }
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const parsed = bracketLink(src, c === '!' ? i + 1 : i, definitions)
      if (parsed) {
        const inner = inline(parsed.text, definitions)
        if (c !== '!') links.push({ url: parsed.url, at: text.length })
        text += inner.text
        i = parsed.end
        continue
      }
    }
    if ((c === 'h' || c === 'H' || c === 'w' || c === 'W') && atBoundary(src, i)) {
      const bare = BARE.exec(rest)
      if (bare) {
        const url = trimBareUrl(bare[0])
        if (/^www\./i.test(url) ? /^www\.[^.\s]+\.[^\s]/i.test(url) : /^https?:\/\/[^/\s]*\w/i.test(url)) {
          links.push({ url: /^www\./i.test(url) ? `http://${url}` : url, at: text.length })
          text += url
          i += url.length
          continue
        }
      }
    }
    text += c
    i++
  }
  return { text: text.replace(/[ \t]*\n[ \t]*/g, ' '), links }
}

function findClosingTicks(src: string, from: number, n: number): number {
  const re = /`+/g
  re.lastIndex = from
  for (let m = re.exec(src); m; m = re.exec(src)) if (m[0].length === n) return m.index
  return -1
}

/** `[text](dest "title")`, `[text][label]`, `[text][]`, `[label]` starting at `src[start] === '['`. */
function bracketLink(src: string, start: number, definitions: Map<string, string>) {
  const close = matchingBracket(src, start)
  if (close < 0) return undefined
  const text = src.slice(start + 1, close)
  const after = src.slice(close + 1)
  const inlineDest = /^\(\s*(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/.exec(after)
  if (inlineDest) {
    const url = (inlineDest[1] ?? inlineDest[2] ?? '').replace(/\\(.)/g, '$1')
    return { text, url, end: close + 1 + inlineDest[0].length }
  }
  const full = /^\[((?:[^\]\\]|\\.)*)\]/.exec(after)
  const key = label(full && full[1] ? full[1] : text)
  const url = definitions.get(key)
  if (url === undefined) return undefined
  return { text, url, end: close + 1 + (full ? full[0].length : 0) }
}

function matchingBracket(src: string, start: number): number {
  let depth = 0
  for (let i = start; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '`') {
      // A code span inside the brackets hides its brackets.
      const run = /^`+/.exec(src.slice(i))![0]
      const end = findClosingTicks(src, i + run.length, run.length)
      if (end >= 0) i = end + run.length - 1
      else i += run.length - 1
    } else if (c === '[') depth++
    else if (c === ']' && --depth === 0) return i
  }
  return -1
}

/** GFM: a bare URL starts at the beginning of a line, after whitespace, or after `*`, `_`, `~`, `(`. */
const atBoundary = (src: string, i: number) => i === 0 || /[\s*_~(]/.test(src[i - 1]!)

/** GFM trailing-punctuation rule: drop `?!.,:*_~'"` at the end and any `)` without its `(`. */
function trimBareUrl(url: string): string {
  let out = url
  for (;;) {
    if (/[?!.,:*_~'"]$/.test(out)) out = out.slice(0, -1)
    else if (out.endsWith(')') && count(out, '(') < count(out, ')')) out = out.slice(0, -1)
    else return out
  }
}

const count = (s: string, ch: string) => s.split(ch).length - 1
