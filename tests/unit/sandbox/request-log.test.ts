import { describe, expect, it } from 'vitest'
import { createRequestLog, describeRequest, noteAnswer } from '../../sandbox/request-log.ts'

describe('describeRequest', () => {
  it('keeps who sent the request: Origin and Sec-Fetch-*', () => {
    expect(
      describeRequest('web', {
        method: 'GET',
        url: '/xrpc/ink.branchline.getBranch?bud=at%3A%2F%2Fx',
        headers: {
          host: 'branchline.ink',
          origin: 'chrome-extension://abc',
          'sec-fetch-site': 'none',
          'sec-fetch-mode': 'cors',
          'sec-fetch-dest': 'empty',
        },
      }),
    ).toEqual({
      service: 'web',
      method: 'GET',
      host: 'branchline.ink',
      path: '/xrpc/ink.branchline.getBranch?bud=at%3A%2F%2Fx',
      origin: 'chrome-extension://abc',
      secFetchSite: 'none',
      secFetchMode: 'cors',
      secFetchDest: 'empty',
      forwarded: false,
    })
  })

  it('leaves absent headers out and marks requests that came through the page server proxy', () => {
    expect(describeRequest('branchline', { url: '/x', headers: { 'x-forwarded-host': 'branchline.ink' } })).toEqual({
      service: 'branchline',
      method: 'GET',
      host: '',
      path: '/x',
      forwarded: true,
    })
  })

  it('cuts overlong paths', () => {
    expect(describeRequest('web', { url: `/${'a'.repeat(50_000)}`, headers: {} }).path).toHaveLength(16_384)
  })
})

describe('createRequestLog', () => {
  const req = (path: string) => ({ method: 'GET', url: path, headers: {} })

  it('numbers entries and answers those since a seq', () => {
    const log = createRequestLog({ now: () => 1 })
    log.record('web', req('/a'))
    log.record('pds', req('/b'))
    log.record('plc', req('/c'))
    expect(log.since(1)).toEqual({
      requests: [
        { seq: 1, at: 1, service: 'pds', method: 'GET', host: '', path: '/b', forwarded: false },
        { seq: 2, at: 1, service: 'plc', method: 'GET', host: '', path: '/c', forwarded: false },
      ],
      next: 3,
    })
  })

  it('a reset forgets entries but keeps counting', () => {
    const log = createRequestLog()
    log.record('web', req('/a'))
    log.reset()
    expect(log.since(0)).toEqual({ requests: [], next: 1 })
    log.record('web', req('/b'))
    expect(log.since(0).requests.map((r) => [r.seq, r.path])).toEqual([[1, '/b']])
  })

  it('keeps only the newest `limit` entries', () => {
    const log = createRequestLog({ limit: 2 })
    for (const p of ['/a', '/b', '/c']) log.record('web', req(p))
    expect(log.since(0).requests.map((r) => r.path)).toEqual(['/b', '/c'])
  })

  it('noteFault marks the entry of that very request object, and only it', () => {
    const log = createRequestLog()
    const a = req('/xrpc/com.atproto.repo.createRecord')
    const b = req('/xrpc/com.atproto.repo.createRecord')
    log.record('pds', a)
    log.record('pds', b)
    log.noteFault(b, 'dropped')
    log.noteFault(req('/never-recorded'), 'failed')
    expect(log.since(0).requests.map((r) => r.fault)).toEqual([undefined, 'dropped'])
    expect(log.since(0).requests[0]).not.toHaveProperty('fault')
  })
})

describe('noteAnswer', () => {
  const entry = () => createRequestLog().record('pds', { url: '/xrpc/com.atproto.server.getSession', headers: {} })

  it.each([
    [401, 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"', true],
    [401, ['Bearer realm="x"', 'DPoP error="use_dpop_nonce"'], true],
    [401, 'DPoP error="invalid_token"', false],
    [400, 'DPoP error="use_dpop_nonce"', false],
    [200, undefined, false],
  ] as const)('status %s with WWW-Authenticate %j → nonce challenge: %s', (status, header, challenge) => {
    const e = entry()
    noteAnswer(e, status, header)
    expect(e.status).toBe(status)
    expect(e.nonceChallenge === true).toBe(challenge)
  })
})
