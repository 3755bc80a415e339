// The http side of the write-fault levers (createWriteFaults, swallowAnswer in
// tests/sandbox/write-faults.ts) on fake servers, requests and responses: which listener sees what,
// in which order. The same against real sockets: tests/integration/sandbox/write-faults.test.ts.
import { EventEmitter } from 'node:events'
import type http from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createWriteFaults, swallowAnswer } from '../../sandbox/write-faults.ts'

const WRITE = '/xrpc/com.atproto.repo.createRecord'

function fakeRequest(url: string, method = 'POST') {
  return Object.assign(new EventEmitter(), {
    method,
    url,
    headers: {},
    socket: { destroyed: false },
    resumed: false,
    resume() {
      this.resumed = true
    },
  })
}

function fakeResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body: string[] } = { body: [] }
  const socket = { destroyed: false, destroy: vi.fn(() => (socket.destroyed = true)) }
  const res = Object.assign(new EventEmitter(), {
    destroyed: false,
    socket,
    sent,
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status
      sent.headers = headers
      return res
    },
    write(chunk: string, _cb?: () => void) {
      sent.body.push(chunk)
      return true
    },
    end(chunk?: string) {
      if (chunk) sent.body.push(chunk)
      return res
    },
    flushHeaders() {
      sent.body.push('<headers>')
    },
  })
  return res
}

type FakeReq = ReturnType<typeof fakeRequest>
type FakeRes = ReturnType<typeof fakeResponse>

/** A fake server whose one original listener records what reached it. */
function setup(service: 'pds' | 'chive' = 'pds') {
  const server = new EventEmitter()
  const reached: string[] = []
  server.on('request', (req: FakeReq) => reached.push(req.url))
  const faults: { req: FakeReq; kind: string }[] = []
  const wf = createWriteFaults(service, { onFault: (req, kind) => faults.push({ req: req as unknown as FakeReq, kind }) })
  wf.install(server as unknown as http.Server)
  const send = (req: FakeReq, res: FakeRes = fakeResponse()) => {
    server.emit('request', req, res)
    return res
  }
  return { server, wf, reached, faults, send }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createWriteFaults on a server', () => {
  it('replaces the server’s listeners by one that passes everything on while nothing is armed', () => {
    const { server, reached, send } = setup()
    expect(server.listenerCount('request')).toBe(1)
    send(fakeRequest(WRITE))
    send(fakeRequest('/xrpc/com.atproto.repo.getRecord', 'GET'))
    expect(reached).toEqual([WRITE, '/xrpc/com.atproto.repo.getRecord'])
  })

  it('fail: answers itself with the status, an XRPC error body and Retry-After; the server never sees it', () => {
    const { wf, reached, faults, send } = setup()
    wf.plan.armFail(1, 429, 9)
    const req = fakeRequest(WRITE)
    const res = send(req)
    expect(reached).toEqual([])
    expect(req.resumed).toBe(true)
    expect(res.sent.status).toBe(429)
    expect(res.sent.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'retry-after': '9' })
    expect(JSON.parse(res.sent.body.join(''))).toMatchObject({ error: 'RateLimitExceeded', message: expect.any(String) })
    expect(faults).toEqual([{ req, kind: 'failed' }])
    wf.plan.armFail(1, 503)
    const res2 = send(fakeRequest(WRITE))
    expect(res2.sent.headers).not.toHaveProperty('retry-after')
    expect(JSON.parse(res2.sent.body.join('')).error).toBe('NotEnoughResources')
  })

  it('touches only writes of its own service: reads and the other service’s paths pass while levers are armed', () => {
    const { wf, reached, faults, send } = setup('chive')
    wf.plan.armFail(5, 503)
    wf.plan.hold()
    send(fakeRequest('/xrpc/pub.chive.backlink.list', 'GET'))
    send(fakeRequest(WRITE))
    expect(reached).toEqual(['/xrpc/pub.chive.backlink.list', WRITE])
    expect(faults).toEqual([])
    expect(wf.state().failsLeft).toBe(5)
  })

  it('hold: nothing reaches the server until release, then every held write in arrival order', () => {
    const { wf, reached, faults, send } = setup()
    wf.plan.hold()
    send(fakeRequest(`${WRITE}?n=1`))
    send(fakeRequest(`${WRITE}?n=2`))
    send(fakeRequest(`${WRITE}?n=3`))
    expect(reached).toEqual([])
    expect(wf.state()).toMatchObject({ heldNow: 3, holding: true })
    expect(faults.map((f) => f.kind)).toEqual(['held', 'held', 'held'])
    wf.release()
    expect(reached).toEqual([`${WRITE}?n=1`, `${WRITE}?n=2`, `${WRITE}?n=3`])
    expect(wf.state()).toMatchObject({ heldNow: 0, holding: false })
    send(fakeRequest(`${WRITE}?n=4`))
    expect(reached).toHaveLength(4)
  })

  it('a held write whose client went away leaves the queue and is never passed on', () => {
    const { wf, reached, send } = setup()
    wf.plan.hold()
    const gone = send(fakeRequest(`${WRITE}?gone`))
    send(fakeRequest(`${WRITE}?stays`))
    gone.destroyed = true
    gone.emit('close')
    expect(wf.state().heldNow).toBe(1)
    expect(() => wf.release()).not.toThrow()
    expect(reached).toEqual([`${WRITE}?stays`])
  })

  it('a random hold lets the write through after holdMs, or at release if that comes first', () => {
    vi.useFakeTimers()
    const { wf, reached, send } = setup()
    wf.plan.armRandom({ seed: 1, fail: 0, drop: 0, hold: 1, holdMs: 100, status: 503 })
    send(fakeRequest(`${WRITE}?a`))
    vi.advanceTimersByTime(99)
    expect(reached).toEqual([])
    vi.advanceTimersByTime(1)
    expect(reached).toEqual([`${WRITE}?a`])
    send(fakeRequest(`${WRITE}?b`))
    wf.release()
    expect(reached).toEqual([`${WRITE}?a`, `${WRITE}?b`])
    vi.advanceTimersByTime(1000) // its timer was cleared: not passed on twice
    expect(reached).toHaveLength(2)
  })

  it('reset disarms and releases what is held', () => {
    const { wf, reached, send } = setup()
    wf.plan.hold()
    send(fakeRequest(`${WRITE}?held`))
    wf.plan.armFail(2, 500)
    wf.plan.armDrop(2)
    wf.plan.armRandom({ seed: 1, fail: 1, drop: 0, hold: 0, holdMs: 0, status: 503 })
    wf.reset()
    expect(reached).toEqual([`${WRITE}?held`])
    expect(wf.state()).toMatchObject({ heldNow: 0, holding: false, failsLeft: 0, dropsLeft: 0, random: null })
    send(fakeRequest(`${WRITE}?after`))
    expect(reached).toEqual([`${WRITE}?held`, `${WRITE}?after`])
  })

  it('drop: the server handles the write, but its answer never leaves; the socket is destroyed at end', () => {
    const server = new EventEmitter()
    server.on('request', (_req: FakeReq, res: FakeRes) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"uri":')
      res.end('"at://x"}')
    })
    const wf = createWriteFaults('pds')
    wf.install(server as unknown as http.Server)
    wf.plan.armDrop(1)
    const res = fakeResponse()
    server.emit('request', fakeRequest(WRITE), res)
    expect(res.sent.body).toEqual([])
    expect(res.socket.destroy).toHaveBeenCalledOnce()
    const next = fakeResponse()
    server.emit('request', fakeRequest(WRITE), next)
    expect(next.sent.body.join('')).toBe('{"uri":"at://x"}')
    expect(next.socket.destroy).not.toHaveBeenCalled()
  })
})

describe('swallowAnswer', () => {
  it('no byte leaves before end, and end destroys the socket instead of sending', async () => {
    const res = fakeResponse()
    swallowAnswer(res as unknown as http.ServerResponse)
    const cb = vi.fn()
    res.flushHeaders()
    expect(res.write('a', cb)).toBe(true)
    expect(res.socket.destroy).not.toHaveBeenCalled()
    res.end('b')
    expect(res.sent.body).toEqual([])
    expect(res.socket.destroy).toHaveBeenCalledOnce()
    // A writer waiting for its callback is not left hanging.
    await new Promise((resolve) => process.nextTick(resolve))
    expect(cb).toHaveBeenCalledOnce()
  })
})
