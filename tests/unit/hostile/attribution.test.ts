import { describe, expect, it } from 'vitest'
import { fromUrl, isExtensionRequest, mentions, unexpectedRequests, type RequestRule } from '../../e2e/hostile/attribution.ts'

const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'
const BUD = 'at://did:plc:aaaa/ink.branchline.bud/3kaaaaaaaaaaa'

describe('isExtensionRequest', () => {
  it.each([
    ['the extension’s Origin', { origin: EXT, secFetchSite: 'cross-site', secFetchMode: 'cors' }, true],
    ['another extension’s Origin', { origin: 'chrome-extension://other', secFetchMode: 'cors' }, false],
    ['a web page’s Origin', { origin: 'https://hostile.example', secFetchSite: 'cross-site', secFetchMode: 'cors' }, false],
    // Chromium drops Origin on an extension's fetch to a host it has permission for.
    ['no Origin, Sec-Fetch-Site none, a fetch', { secFetchSite: 'none', secFetchMode: 'cors' }, true],
    ['no Origin, Sec-Fetch-Site none, a navigation (a person or a tab the extension opened)', { secFetchSite: 'none', secFetchMode: 'navigate' }, false],
    ['a same-origin page fetch', { secFetchSite: 'same-origin', secFetchMode: 'cors' }, false],
    ['no headers at all (the sandbox talking to itself)', {}, false],
    ['counted at the page server, not again behind its proxy', { origin: EXT, forwarded: true }, false],
  ])('%s → %s', (_what, headers, expected) => {
    expect(isExtensionRequest({ host: 'branchline.ink', path: '/xrpc/x', ...headers }, EXT)).toBe(expected)
  })
})

describe('unexpectedRequests', () => {
  const getBranch: RequestRule = {
    why: 'getBranch of the bud',
    host: 'branchline.ink',
    pathname: '/xrpc/ink.branchline.getBranch',
    query: (q) => q.get('bud') === BUD,
    method: 'GET',
    max: 2,
  }
  const req = (path: string, host = 'branchline.ink', method = 'GET') => ({ host, path, method })
  const ok = req(`/xrpc/ink.branchline.getBranch?bud=${encodeURIComponent(BUD)}`)

  it('allows what a rule names, up to its max', () => {
    expect(unexpectedRequests([ok, ok], [getBranch])).toEqual([])
    expect(unexpectedRequests([ok, ok, ok], [getBranch])).toEqual([{ request: ok, reason: 'more than 2 × "getBranch of the bud"' }])
  })

  it('refuses another bud, another host, another method, another path', () => {
    const others = [
      req(`/xrpc/ink.branchline.getBranch?bud=${encodeURIComponent(BUD.replace('aaaa', 'bbbb'))}`),
      req(ok.path, 'branchline.ink.example.test'),
      req(ok.path, 'branchline.ink', 'POST'),
      req('/xrpc/ink.branchline.getBuds?uris=x'),
    ]
    expect(unexpectedRequests(others, [getBranch]).map((v) => v.reason)).toEqual(Array(4).fill('no rule allows it'))
  })

  it('adds up rules that allow the same request: each has its own max', () => {
    const twice = { ...getBranch, why: 'getBranch again', max: 1 }
    expect(unexpectedRequests([ok, ok, ok], [getBranch, twice])).toEqual([])
    expect(unexpectedRequests([ok, ok, ok, ok], [getBranch, twice])).toEqual([{ request: ok, reason: 'more than 3 × "getBranch of the bud"' }])
  })

  it('allows nothing without rules', () => {
    expect(unexpectedRequests([ok], [])).toHaveLength(1)
  })
})

describe('fromUrl and mentions', () => {
  it('splits a URL as a server sees it', () => {
    expect(fromUrl('http://localhost:3583/xrpc/a?b=c', 'GET')).toEqual({ host: 'localhost:3583', path: '/xrpc/a?b=c', method: 'GET' })
  })

  it.each([
    [`/x?bud=${BUD}`, true],
    [`/x?bud=${encodeURIComponent(BUD)}`, true],
    [`/x?bud=${encodeURIComponent(encodeURIComponent(BUD))}`, true],
    ['/x?bud=at%3A%2F%2Fdid%3Aplc%3Abbbb', false],
  ])('%s names the bud: %s', (path, expected) => {
    expect(mentions({ host: 'h', path }, BUD)).toBe(expected)
  })
})
