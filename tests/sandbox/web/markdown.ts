// A small, safe Markdown → HTML converter for WhiteWind entries: headings, paragraphs, lists,
// block quotes, fenced code, rules, emphasis, code spans, inline/reference/auto links and bare
// URLs (as GFM autolinks them). Raw HTML in the source is shown as text, never passed through, and
// link targets must pass `safeHref` (no `javascript:`). Images become links to the image, so a
// page never loads anything.

import { html, join, link, type SafeHtml } from './html.ts'

type References = Map<string, string>

interface InlineOptions {
  refs: References
  /** False inside link text: anchors do not nest. */
  links: boolean
}

const REFERENCE_DEF = /^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*$/
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const QUOTE = /^ {0,3}>[ ]?(.*)$/
const BULLET = /^ {0,3}([-*+])[ \t]+(.*)$/
const ORDERED = /^ {0,3}(\d{1,9})[.)][ \t]+(.*)$/
const BARE_URL = /^https?:\/\/[^\s<]+/
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>|~"']/

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase()
}

/** Converts Markdown to HTML. */
export function markdownToHtml(source: string): SafeHtml {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const refs: References = new Map()
  const body: string[] = []
  let fence: string | undefined
  for (const line of lines) {
    const f = FENCE.exec(line)
    if (f) fence = fence === undefined ? f[1]![0]! : fence === f[1]![0] ? undefined : fence
    const def = fence === undefined ? REFERENCE_DEF.exec(line) : null
    if (def) {
      const label = normaliseLabel(def[1]!)
      if (!refs.has(label)) refs.set(label, def[2]!)
    } else {
      body.push(line)
    }
  }
  return blocks(body, refs)
}

function blocks(lines: string[], refs: References): SafeHtml {
  const out: SafeHtml[] = []
  let paragraph: string[] = []
  const flush = () => {
    if (paragraph.length) out.push(html`<p>${inline(paragraph.join('\n').trim(), { refs, links: true })}</p>`)
    paragraph = []
  }
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    const fence = FENCE.exec(line)
    if (fence) {
      flush()
      const marker = fence[1]!
      const code: string[] = []
      i++
      while (i < lines.length && !(lines[i]!.trim().startsWith(marker) && lines[i]!.trim().replace(/[`~]/g, '') === '')) {
        code.push(lines[i]!)
        i++
      }
      i++
      out.push(html`<pre><code>${code.join('\n')}</code></pre>`)
      continue
    }
    if (line.trim() === '') {
      flush()
      i++
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      flush()
      const level = heading[1]!.length
      out.push(html`<h${level}>${inline(heading[2] ?? '', { refs, links: true })}</h${level}>`)
      i++
      continue
    }
    if (RULE.test(line)) {
      flush()
      out.push(html`<hr>`)
      i++
      continue
    }
    if (QUOTE.test(line)) {
      flush()
      const quoted: string[] = []
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(QUOTE.exec(lines[i++]!)![1]!)
      out.push(html`<blockquote>${blocks(quoted, refs)}</blockquote>`)
      continue
    }
    const bullet = BULLET.exec(line)
    const ordered = bullet ? null : ORDERED.exec(line)
    if (bullet || ordered) {
      flush()
      const pattern = bullet ? BULLET : ORDERED
      const items: string[] = []
      while (i < lines.length) {
        const current = lines[i]!
        const item = pattern.exec(current)
        if (item) items.push(item[2]!)
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length) items[items.length - 1] += `\n${current.trim()}`
        else break
        i++
      }
      const lis = items.map((item) => html`<li>${inline(item, { refs, links: true })}</li>`)
      const start = ordered && ordered[1] !== '1' ? html` start="${Number(ordered[1])}"` : ''
      out.push(bullet ? html`<ul>${lis}</ul>` : html`<ol${start}>${lis}</ol>`)
      continue
    }
    paragraph.push(line)
    i++
  }
  flush()
  return join(out, '\n')
}

interface ParsedLink {
  text: string
  url: string | undefined
  end: number
}

/** `[text](url "title")`, `[text][label]`, `[label][]` or `[label]` starting at `src[start] === '['`. */
function parseLink(src: string, start: number, refs: References): ParsedLink | undefined {
  let depth = 0
  let i = start
  for (; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '[') depth++
    else if (c === ']' && --depth === 0) break
  }
  if (i >= src.length) return undefined
  const text = src.slice(start + 1, i)
  let j = i + 1
  if (src[j] === '(') {
    j++
    while (src[j] === ' ') j++
    let url = ''
    if (src[j] === '<') {
      const close = src.indexOf('>', j)
      if (close < 0) return undefined
      url = src.slice(j + 1, close)
      j = close + 1
    } else {
      let parens = 0
      while (j < src.length && !/\s/.test(src[j]!)) {
        if (src[j] === '(') parens++
        else if (src[j] === ')' && parens-- === 0) break
        url += src[j]
        j++
      }
    }
    const title = /^\s+(?:"[^"]*"|'[^']*'|\([^)]*\))/.exec(src.slice(j))
    if (title) j += title[0].length
    while (src[j] === ' ') j++
    if (src[j] !== ')') return undefined
    return { text, url, end: j + 1 }
  }
  if (src[j] === '[') {
    const close = src.indexOf(']', j)
    if (close < 0) return undefined
    const label = src.slice(j + 1, close) || text
    const url = refs.get(normaliseLabel(label))
    return url === undefined ? undefined : { text, url, end: close + 1 }
  }
  const url = refs.get(normaliseLabel(text))
  return url === undefined ? undefined : { text, url, end: j }
}

/** A bare URL as GFM autolinks it: trailing punctuation and unbalanced `)` stay outside. */
function bareUrl(src: string): string | undefined {
  const match = BARE_URL.exec(src)
  if (!match) return undefined
  let url = match[0]
  for (;;) {
    const last = url[url.length - 1]!
    if ('.,:;!?"\'*_~'.includes(last)) url = url.slice(0, -1)
    else if (last === ')' && (url.match(/\)/g)?.length ?? 0) > (url.match(/\(/g)?.length ?? 0)) url = url.slice(0, -1)
    else break
  }
  return url
}

function inline(src: string, opts: InlineOptions): SafeHtml {
  const out: SafeHtml[] = []
  let text = ''
  const flush = () => {
    if (text) out.push(html`${text}`)
    text = ''
  }
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    const rest = src.slice(i)
    if (c === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1]!)) {
      text += src[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0]
      const close = src.indexOf(run, i + run.length)
      if (close > 0) {
        flush()
        out.push(html`<code>${src.slice(i + run.length, close).trim()}</code>`)
        i = close + run.length
        continue
      }
      text += run
      i += run.length
      continue
    }
    if (opts.links && c === '!' && src[i + 1] === '[') {
      const parsed = parseLink(src, i + 1, opts.refs)
      if (parsed) {
        flush()
        out.push(link(parsed.url, parsed.text || parsed.url || 'image'))
        i = parsed.end
        continue
      }
    }
    if (opts.links && c === '[') {
      const parsed = parseLink(src, i, opts.refs)
      if (parsed) {
        flush()
        out.push(link(parsed.url, inline(parsed.text, { ...opts, links: false })))
        i = parsed.end
        continue
      }
    }
    if (opts.links && c === '<') {
      const auto = /^<((?:https?|mailto):[^\s<>]+)>/.exec(rest)
      if (auto) {
        flush()
        out.push(link(auto[1], auto[1]))
        i += auto[0].length
        continue
      }
    }
    if (opts.links && (c === 'h' || c === 'H') && (i === 0 || !/[\w/]/.test(src[i - 1]!))) {
      const url = bareUrl(rest)
      if (url) {
        flush()
        out.push(link(url, url))
        i += url.length
        continue
      }
    }
    if (c === '*' || c === '_') {
      const strong = c + c
      const wordChar = i > 0 && /\w/.test(src[i - 1]!)
      if (!(c === '_' && wordChar)) {
        const marker = rest.startsWith(strong) ? strong : c
        const close = src.indexOf(marker, i + marker.length)
        if (close > i + marker.length && !/\s/.test(src[i + marker.length]!) && !/\s/.test(src[close - 1]!)) {
          flush()
          const inner = inline(src.slice(i + marker.length, close), opts)
          out.push(marker.length === 2 ? html`<strong>${inner}</strong>` : html`<em>${inner}</em>`)
          i = close + marker.length
          continue
        }
      }
    }
    text += c
    i++
  }
  flush()
  return join(out)
}
