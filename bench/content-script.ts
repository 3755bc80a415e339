import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, HTTPRequest, Page } from 'puppeteer-core'
import { ROOT } from '../tests/e2e/setup/build.ts'
import type { Tendril } from '../tests/e2e/harness/tendril.ts'
import type { SandboxReady } from '../tests/sandbox/types.ts'

// What Tendril's scripts cost a source page with 1 000 and 10 000
// links, some of them to Chive eprints: measured in Chromium with a trace (devtools.timeline,
// v8.execute) of the page load, summing the main-thread time of the outermost script events whose
// script is Tendril's (chrome-extension://<id>/…: no content script runs on these sites; the
// prompt's script, backlink-prompt.js, where the worker runs it) and the tasks delivering the
// worker's answers to it (the prompt's render).
// Long tasks: the trace's main-thread tasks of 50 ms or more that run any of that script; beside
// them, what a PerformanceObserver('longtask') in the page saw over the whole load (parsing the
// 10 000 links included), with the content script and on the same page with no content script.
//
// The page is a bsky.app post URL (a seeded post that cites eprints, so the worker verifies it and
// the prompt is drawn, as in real use), its HTML replaced by the bench's own through request
// interception. Each size is loaded `runs` times in a fresh tab.
//
// The naive baseline: a bench-only extension whose content script, at document_idle, does what a
// link-scanning design would — querySelectorAll('a[href]'), new URL() of each, keep the Chive
// eprint links — loaded in the same Chromium, on the same HTML (at naive-scan.example, where
// Tendril injects nothing), timed the same way. BENCH_TRACE_DIR=<dir> keeps every trace there.

export const SIZES = [1_000, 10_000] as const
const NAIVE_HOST = 'naive-scan.example'
const PLAIN_HOST = 'no-content-script.example'
const LONG_TASK_MS = 50
const SETTLE_MS = 1_500

export interface ContentScriptSample {
  scriptingMs: number
  /** Of which: tasks delivering the worker's answer (the prompt's render). */
  answerMs: number
  /** Main-thread tasks ≥ 50 ms that ran the script. */
  longTasks: number
  /** The longest main-thread task that ran the script. */
  longestTaskMs: number
  /** PerformanceObserver('longtask') entries on the page over the load (anything's). */
  pageLongTasks: number
}

export interface ContentScriptFigures {
  links: number
  /** On a post that cites nothing: the reporter alone (what nearly every page costs). */
  quiet: ContentScriptSample[]
  /** On a verified citing post: the reporter, the worker's answer, the injected prompt's script. */
  tendril: ContentScriptSample[]
  naive: ContentScriptSample[]
  /** The same page with no content script: the page's own long tasks (parsing). */
  plainPageLongTasks: number[]
}

/** A feed-like page with `links` links; one in 20 goes to a Chive eprint page. */
export function linksPage(links: number, eprints: string[]): string {
  const items: string[] = []
  for (let i = 0; i < links; i++) {
    const href =
      i % 20 === 0
        ? `https://chive.pub/eprints/${encodeURIComponent(eprints[i % eprints.length]!)}`
        : i % 3 === 0
          ? `https://bsky.app/profile/someone${i}.example/post/3kbench${i}`
          : `https://example.org/articles/${i}?ref=feed#c${i}`
    items.push(`<li><a href="${href}">Link number ${i}</a> — a line of text about it.</li>`)
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${links} links</title></head><body><main><h1>${links} links</h1><ul>${items.join('')}</ul></main></body></html>`
}

/** The bench-only naive link scanner, as an unpacked MV3 extension. */
export function writeNaiveExtension(): string {
  const dir = join(ROOT, '.output', 'bench-naive-scan')
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'Tendril bench: naive link scan',
      version: '1.0',
      content_scripts: [{ matches: [`https://${NAIVE_HOST}/*`], js: ['naive-scan.js'], run_at: 'document_idle' }],
    }),
  )
  writeFileSync(
    join(dir, 'naive-scan.js'),
    `// Scans every link of the page for Chive eprint links, as a naive content script would.
(() => {
  const found = new Set()
  for (const a of document.querySelectorAll('a[href]')) {
    let url
    try { url = new URL(a.getAttribute('href'), document.baseURI) } catch { continue }
    if ((url.hostname === 'chive.pub' || url.hostname === 'www.chive.pub') && url.pathname.startsWith('/eprints/')) {
      const uri = decodeURIComponent(url.pathname.slice('/eprints/'.length))
      if (uri.startsWith('at://')) found.add(uri)
    }
  }
  document.documentElement.setAttribute('data-bench-naive-scan', String(found.size))
})()
`,
  )
  return dir
}

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  cat?: string
  args?: {
    data?: { url?: string; stackTrace?: { url?: string }[]; frame?: string }
    fileName?: string
    url?: string
    chrome_mojo_event_info?: { mojo_interface_tag?: string }
  }
}

/** Script running on the main thread, outermost first: what a task spends running JavaScript. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'TimerFire', 'RunMicrotasks', 'v8.callFunction', 'v8.run', 'v8.compile', 'v8.evaluateModule', 'EventDispatch', 'FireAnimationFrame'])
const urlOf = (e: TraceEvent) => e.args?.data?.url ?? e.args?.fileName ?? e.args?.data?.stackTrace?.[0]?.url ?? e.args?.url

/**
 * The content script's main-thread time in a trace, and the tasks it ran in. A task is the
 * script's when any event in it names the script's URL (its evaluation at document_idle, its timers
 * and listeners), or — with `messaging` — when it delivers an extension message to the frame
 * (`Receive mojo message` of an `extensions.mojom` interface: the worker's answer, whose promise
 * reactions render the prompt as microtasks naming no URL). Scripting = the outermost script
 * events inside those tasks (EvaluateScript, FunctionCall, RunMicrotasks, …; compile and GC inside
 * them included), summed.
 */
export function scriptTime(events: TraceEvent[], scriptUrl: string, messaging: boolean): { scriptingMs: number; answerMs: number; tasks: number[] } {
  const named = events.find((e) => e.ph === 'X' && urlOf(e)?.startsWith(scriptUrl))
  if (!named) return { scriptingMs: 0, answerMs: 0, tasks: [] }
  const thread = events.filter((e) => e.pid === named.pid && e.tid === named.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)
  // Top-level tasks of the frame's main thread.
  const tasks: TraceEvent[] = []
  let taskEnd = -Infinity
  for (const e of thread) {
    if (e.name !== 'RunTask' || e.ts < taskEnd) continue
    tasks.push(e)
    taskEnd = e.ts + e.dur!
  }
  let scripting = 0
  let answer = 0
  const ran: number[] = []
  let i = 0
  for (const task of tasks) {
    const end = task.ts + task.dur!
    while (i < thread.length && thread[i]!.ts < task.ts) i++
    const inside: TraceEvent[] = []
    for (let j = i; j < thread.length && thread[j]!.ts <= end; j++) inside.push(thread[j]!)
    const named = inside.some((e) => urlOf(e)?.startsWith(scriptUrl))
    const message = messaging && inside.some((e) => e.name === 'Receive mojo message' && e.args?.chrome_mojo_event_info?.mojo_interface_tag?.startsWith('extensions.mojom'))
    if (!named && !message) continue
    ran.push(task.dur! / 1000)
    let scriptEnd = -Infinity
    for (const e of inside) {
      if (!SCRIPT_EVENTS.has(e.name) || e.ts + e.dur! <= scriptEnd) continue
      const add = e.ts + e.dur! - Math.max(e.ts, scriptEnd)
      scripting += add
      if (!named) answer += add
      scriptEnd = e.ts + e.dur!
    }
  }
  return { scriptingMs: scripting / 1000, answerMs: answer / 1000, tasks: ran }
}

const LONGTASK_OBSERVER = `(() => {
  window.__benchLongTasks = []
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__benchLongTasks.push(e.duration) })
      .observe({ type: 'longtask', buffered: true })
  } catch {}
})()`

async function load(browser: Browser, url: string, html: string, ready: (page: Page) => Promise<unknown>, script?: { url: string; messaging: boolean; mayBeAbsent?: boolean }): Promise<ContentScriptSample> {
  const page = await browser.newPage()
  try {
    await page.setRequestInterception(true)
    const target = new URL(url).href
    page.on('request', (req: HTTPRequest) => {
      if (req.isInterceptResolutionHandled()) return
      if (req.isNavigationRequest() && req.url() === target) void req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
      else void req.continue()
    })
    await page.evaluateOnNewDocument(LONGTASK_OBSERVER)
    await page.tracing.start({ categories: ['devtools.timeline', 'v8.execute', 'disabled-by-default-devtools.timeline', 'toplevel'] })
    await page.goto(url, { waitUntil: 'load' })
    await ready(page)
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
    const pageLongTasks = (await page.evaluate(() => (window as unknown as { __benchLongTasks?: number[] }).__benchLongTasks?.length ?? 0)) as number
    const buffer = await page.tracing.stop()
    const events = (JSON.parse(Buffer.from(buffer!).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
    if (process.env.BENCH_TRACE_DIR) writeFileSync(join(process.env.BENCH_TRACE_DIR, `${new URL(url).host}-${Date.now()}.json`), Buffer.from(buffer!))
    if (!script) return { scriptingMs: 0, answerMs: 0, longTasks: 0, longestTaskMs: 0, pageLongTasks }
    const { scriptingMs, answerMs, tasks } = scriptTime(events, script.url, script.messaging)
    if (scriptingMs === 0 && !script.mayBeAbsent) throw new Error(`bench: the trace of ${url} shows no script time for ${script.url}`)
    return { scriptingMs, answerMs, longTasks: tasks.filter((d) => d >= LONG_TASK_MS).length, longestTaskMs: Math.max(0, ...tasks), pageLongTasks }
  } finally {
    await page.close()
  }
}

export async function benchContentScript(
  tendril: Tendril,
  ready: SandboxReady,
  runs: number,
  progress: (msg: string) => void,
): Promise<ContentScriptFigures[]> {
  const naiveId = await tendril.browser.installExtension(writeNaiveExtension())
  const source = ready.seed.sources.find((s) => s.owner === 'writer' && s.pageUrl.startsWith('https://bsky.app/') && s.cites.length > 0)
  if (!source) throw new Error('bench: the seed has no writer\'s Bluesky post citing an eprint')
  const quietSource = ready.seed.decoys.find((s) => s.pageUrl.startsWith('https://bsky.app/'))
  if (!quietSource) throw new Error('bench: the seed has no Bluesky post citing nothing')
  // Every Tendril script in the page: the content script and, where the worker injects it, the
  // prompt's script (chrome-extension://<id>/backlink-prompt.js).
  const tendrilScript = `chrome-extension://${tendril.extensionId}/`
  const naiveScript = `chrome-extension://${naiveId}/naive-scan.js`
  const eprints = ready.seed.eprints.map((e) => e.uri)
  const figures: ContentScriptFigures[] = []
  for (const links of SIZES) {
    progress(`content script on a page with ${links} links ×${runs}`)
    const html = linksPage(links, eprints)
    const out: ContentScriptFigures = { links, quiet: [], tendril: [], naive: [], plainPageLongTasks: [] }
    for (let i = 0; i < runs; i++) {
      // Nothing to wait for on a page that cites nothing: the settle time covers the worker's answer.
      // No content script runs on the source sites, and the worker runs the prompt's script only
      // where it has something to show: here, Tendril's time may well be none at all.
      out.quiet.push(await load(tendril.browser, quietSource.pageUrl, html, async () => undefined, { url: tendrilScript, messaging: true, mayBeAbsent: true }))
      out.tendril.push(await load(tendril.browser, source.pageUrl, html, (p) => p.waitForSelector('tendril-ui[data-tendril="backlink-prompt"]', { timeout: 30_000 }), { url: tendrilScript, messaging: true }))
      out.naive.push(await load(tendril.browser, `https://${NAIVE_HOST}/links-${links}`, html, (p) => p.waitForSelector('html[data-bench-naive-scan]', { timeout: 30_000 }), { url: naiveScript, messaging: false }))
      out.plainPageLongTasks.push((await load(tendril.browser, `https://${PLAIN_HOST}/links-${links}`, html, async () => undefined)).pageLongTasks)
    }
    figures.push(out)
  }
  return figures
}
