// The common requirements every hostile page is held to, as plain functions over what was
// recorded: which requests the extension made, whether anything executed, what reached a console,
// whether Tendril's state moved. Each returns human-readable failures (empty = passed).

import { fromUrl, isExtensionRequest, mentions, unexpectedRequests, type RequestRule, type SeenRequest } from './attribution.ts'
import type { ConsoleError } from './driver.ts'
import type { TendrilState } from './state.ts'

const MAX_LISTED = 6

function listed(items: string[]): string {
  const shown = items.slice(0, MAX_LISTED).join('\n    ')
  return items.length > MAX_LISTED ? `${shown}\n    … and ${items.length - MAX_LISTED} more` : shown
}

const show = (r: SeenRequest) => `${r.method ?? ''} ${r.host}${r.path.length > 160 ? `${r.path.slice(0, 160)}…` : r.path}`.trim()

/** Requests the worker sent as seen over the browser's own instrumentation ("GET https://…"). */
export function parseWitnessed(lines: string[]): SeenRequest[] {
  return lines
    .map((line) => {
      const space = line.indexOf(' ')
      return { method: line.slice(0, space), url: line.slice(space + 1) }
    })
    // The worker loading its own files is not a network request.
    .filter(({ url }) => /^https?:/.test(url))
    .map(({ method, url }) => fromUrl(url, method))
}

export function requestFailures(opts: {
  recorded: SeenRequest[]
  witnessed: SeenRequest[]
  extensionOrigin: string
  rules: RequestRule[]
  neverMentioned: string[]
}): string[] {
  const failures: string[] = []
  const fromSandbox = opts.recorded.filter((r) => isExtensionRequest(r, opts.extensionOrigin))
  for (const [source, requests] of [
    ['at the sandbox servers', fromSandbox],
    ['by the worker (browser witness)', opts.witnessed],
  ] as const) {
    const violations = unexpectedRequests(requests, opts.rules)
    if (violations.length) {
      failures.push(
        `${violations.length} extension request(s) it did not mean to make, ${source}:\n    ${listed(violations.map((v) => `${show(v.request)} — ${v.reason}`))}`,
      )
    }
    for (const uri of opts.neverMentioned) {
      const named = requests.filter((r) => mentions(r, uri))
      if (named.length) failures.push(`extension request(s) about ${uri}, ${source}:\n    ${listed(named.map(show))}`)
    }
  }
  return failures
}

/** Any beacon hit means a payload executed or was rendered as HTML somewhere. */
export function beaconFailures(recorded: SeenRequest[]): string[] {
  const hits = recorded.filter((r) => r.host === 'hostile.example' && r.path.startsWith('/beacon'))
  return hits.length ? [`something executed or rendered as HTML (beacon hit):\n    ${listed(hits.map(show))}`] : []
}

export function consoleFailures(errors: ConsoleError[], expected: RegExp[] = []): string[] {
  const unexpected = errors.filter((e) => !expected.some((re) => re.test(e.text)))
  return unexpected.length ? [`console error(s):\n    ${listed(unexpected.map((e) => `[${e.where}] ${e.text}`))}`] : []
}

export function stateFailures(before: TendrilState, after: TendrilState): string[] {
  const failures: string[] = []
  const pairs: Array<[string, unknown, unknown]> = [
    ['accounts', before.auth.accounts, after.auth.accounts],
    ['active account', before.auth.activeDid, after.auth.activeDid],
    ['sign-in state', before.auth.signIn, after.auth.signIn],
    ['settings', before.settings, after.settings],
  ]
  for (const [what, was, is] of pairs) {
    if (JSON.stringify(was) !== JSON.stringify(is)) failures.push(`${what} changed: ${JSON.stringify(was)} → ${JSON.stringify(is)}`)
  }
  return failures
}
