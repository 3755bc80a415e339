// The control server's log of every request the sandbox's servers receive (GET /requests,
// POST /requests/reset), which the hostile-page suite uses to attribute requests to the extension.
import { describe, expect, it } from 'vitest'
import type { RecordedRequest } from '../../sandbox/request-log.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'

const sb = useSandbox()
type Log = { requests: RecordedRequest[]; next: number }
const since = (seq: number) => control<Log>('GET', `/requests?since=${seq}`)

describe('GET /requests', () => {
  it('records a request with the headers that say who sent it, under the service it reached', async () => {
    const { next } = await since(Number.MAX_SAFE_INTEGER)
    const marker = `requests-control-${Date.now()}`
    await fetch(`${sb.branchlineUrl}/xrpc/ink.branchline.getBranch?bud=${marker}`, {
      headers: { origin: 'chrome-extension://abc', 'sec-fetch-site': 'none', 'sec-fetch-mode': 'cors' },
    })
    const { requests } = await since(next)
    const mine = requests.filter((r) => r.path.includes(marker))
    expect(mine).toEqual([
      expect.objectContaining({
        service: 'branchline',
        method: 'GET',
        path: `/xrpc/ink.branchline.getBranch?bud=${marker}`,
        origin: 'chrome-extension://abc',
        secFetchSite: 'none',
        secFetchMode: 'cors',
        forwarded: false,
      }),
    ])
    expect(mine[0]!.seq).toBeGreaterThanOrEqual(next)
    // The control server's own requests are not in the log.
    expect(requests.some((r) => r.path.startsWith('/requests'))).toBe(false)
  })

  it('a reset empties the log but seqs keep counting', async () => {
    const before = await since(0)
    await control('POST', '/requests/reset')
    await fetch(`${sb.pdsUrl}/xrpc/_health`)
    const after = await since(0)
    expect(after.requests.every((r) => r.seq >= before.next)).toBe(true)
    expect(after.requests.some((r) => r.service === 'pds' && r.path === '/xrpc/_health')).toBe(true)
  })

  it('refuses a since that is not a seq', async () => {
    const res = await fetch(new URL('/requests?since=-1', sb.controlUrl))
    expect(res.status).toBe(400)
  })
})
