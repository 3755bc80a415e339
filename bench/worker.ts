import type { Page } from 'puppeteer-core'
import { budPageUrl } from '../lib/sites/branchline.ts'
import type { Request } from '../lib/messages.ts'
import { signInThroughPopup } from '../tests/e2e/harness/sign-in.ts'
import { eventually, type Tendril } from '../tests/e2e/harness/tendril.ts'
import type { RecordedRequest } from '../tests/sandbox/request-log.ts'
import type { SandboxReady } from '../tests/sandbox/types.ts'

// Time from a stopped service worker to the first signed request: Chromium stops an idle MV3
// worker after ~30 s, so this is what a person waits for whenever they open the popup after a
// pause. `auth.confirm` wakes the worker, restores the OAuth session from IndexedDB and makes one
// authenticated call to the PDS (com.atproto.server.getSession). Measured inside an extension page
// (performance.now() around chrome.runtime.sendMessage), as the popup sends it. For comparison:
// `ping` after a stop (waking the worker only) and `auth.confirm` with the worker running.
// For each stopped-worker auth.confirm, the sandbox's request log also tells how many of the PDS's
// answers were DPoP nonce challenges (`use_dpop_nonce`, each costing one more round trip).

export interface WorkerFigures {
  signInMs: number
  coldConfirm: number[]
  coldPing: number[]
  warmConfirm: number[]
  /** Per stopped-worker auth.confirm: PDS answers that were nonce challenges. */
  coldConfirmChallenges: number[]
}

export async function benchWorker(tendril: Tendril, ready: SandboxReady, runs: number, progress: (msg: string) => void): Promise<WorkerFigures> {
  const budUrl = budPageUrl(ready.seed.buds.demo)
  if (!budUrl) throw new Error('the seed has no demo bud')
  const page = await tendril.openPage(budUrl)
  const t = performance.now()
  await signInThroughPopup(tendril, page, { handle: ready.seed.reader.handle, password: ready.seed.reader.password })
  const signInMs = performance.now() - t
  await page.close()

  const ext = await tendril.browser.newPage()
  await ext.goto(`chrome-extension://${tendril.extensionId}/options.html`)
  // The sign-in tab has closed; the worker may still be storing the session. Wait until the
  // account answers before timing anything.
  let last = ''
  await eventually(async () => {
    const reply = await timed(ext, { type: 'auth.confirm' })
    last = reply.error ?? ''
    return reply.ok ? true : undefined
  }, 'auth.confirm to succeed after the sign-in').catch((err: Error) => {
    throw new Error(`${err.message} (last answer: ${last})`)
  })

  const challenges: number[] = []
  const measure = async (label: string, request: Request, stopFirst: boolean, countChallenges = false): Promise<number[]> => {
    progress(`${label} ×${runs}`)
    const samples: number[] = []
    for (let i = 0; i < runs; i++) {
      if (stopFirst) await tendril.stopWorker()
      const since = countChallenges ? (await requestLog(ready, 0)).next : 0
      const result = await timed(ext, request)
      if (!result.ok) throw new Error(`${label}, run ${i + 1}: ${result.error}`)
      samples.push(result.ms)
      if (countChallenges) challenges.push((await requestLog(ready, since)).requests.filter((r) => r.service === 'pds' && r.nonceChallenge).length)
    }
    return samples
  }
  const coldConfirm = await measure('stopped worker → auth.confirm', { type: 'auth.confirm' }, true, true)
  const coldPing = await measure('stopped worker → ping', { type: 'ping' }, true)
  const warmConfirm = await measure('running worker → auth.confirm', { type: 'auth.confirm' }, false)
  await ext.close()
  return { signInMs, coldConfirm, coldPing, warmConfirm, coldConfirmChallenges: challenges }
}

async function timed(ext: Page, request: Request): Promise<{ ok: boolean; ms: number; error?: string }> {
  return ext.evaluate(async (r) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: { message?: string } }> } } }).chrome.runtime
    const start = performance.now()
    const reply = await runtime.sendMessage(r)
    const ms = performance.now() - start
    return { ok: reply?.ok === true, ms, error: reply?.ok ? undefined : JSON.stringify(reply?.error ?? reply) }
  }, request as never)
}

async function requestLog(ready: SandboxReady, since: number): Promise<{ requests: RecordedRequest[]; next: number }> {
  const res = await fetch(new URL(`/requests?since=${since}`, ready.controlUrl))
  if (!res.ok) throw new Error(`the sandbox's request log answered ${res.status}`)
  return (await res.json()) as { requests: RecordedRequest[]; next: number }
}
