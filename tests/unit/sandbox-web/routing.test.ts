import { describe, expect, it } from 'vitest'
import { eprintUriFromPath, routeRequest, sandboxHost, type Route } from '../../sandbox/web/routing.ts'

const DID = 'did:plc:abc123'
const EPRINT = `at://${DID}/pub.chive.eprint.submission/3kq2z7xyz2k2a`

describe('sandboxHost', () => {
  it.each([
    ['branchline.ink', 'branchline.ink'],
    ['branchline.ink:2586', 'branchline.ink'],
    ['BRANCHLINE.INK', 'branchline.ink'],
    ['www.branchline.ink', 'branchline.ink'],
    ['branchline.ink.', 'branchline.ink'],
    ['api.chive.pub:443', 'api.chive.pub'],
    ['branchline.ink.evil.example', undefined],
    ['evil.example', undefined],
    ['127.0.0.1:2586', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, expected) => {
    expect(sandboxHost(header)).toBe(expected)
  })
})

describe('eprintUriFromPath', () => {
  it.each([
    [`/eprints/${encodeURIComponent(EPRINT)}`, EPRINT],
    [`/eprints/${EPRINT}`, EPRINT],
    [`/eprints/${EPRINT}/`, EPRINT],
    [`/eprints/at:/${DID}/pub.chive.eprint.submission/3kq2z7xyz2k2a`, EPRINT],
    [`/eprints/at%3A%2F%2F${DID}%2Fpub.chive.eprint.submission%2F3kq2z7xyz2k2a`, EPRINT],
    ['/eprints/', undefined],
    ['/eprints/https%3A%2F%2Fexample.com', undefined],
    ['/eprints/%E0%A4%A', undefined],
    ['/eprint/x', undefined],
  ])('%s → %j', (path, expected) => {
    expect(eprintUriFromPath(path)).toBe(expected)
  })
})

describe('routeRequest', () => {
  const cases: [host: string, path: string, expected: Route, method?: string][] = [
    ['branchline.ink', '/', { kind: 'branchline-home', fragment: false }],
    ['branchline.ink', '/?fragment=1', { kind: 'branchline-home', fragment: true }],
    ['branchline.ink', `/bud/${DID}/3kq2z7xyz2k2a`, { kind: 'bud', actor: DID, rkey: '3kq2z7xyz2k2a', fragment: false }],
    ['branchline.ink', `/bud/${encodeURIComponent(DID)}/3kq2z7xyz2k2a/`, { kind: 'bud', actor: DID, rkey: '3kq2z7xyz2k2a', fragment: false }],
    ['branchline.ink', '/bud/ada.test/3kq2z7xyz2k2a?fragment=1', { kind: 'bud', actor: 'ada.test', rkey: '3kq2z7xyz2k2a', fragment: true }],
    ['branchline.ink', `/bud/${DID}`, { kind: 'not-found', host: 'branchline.ink' }],
    ['branchline.ink', `/bud/${DID}/a/b`, { kind: 'not-found', host: 'branchline.ink' }],
    ['branchline.ink', '/xrpc/ink.branchline.getBranch?bud=x', { kind: 'proxy', host: 'branchline.ink', upstream: 'branchline' }],
    ['branchline.ink', '/xrpc/ink.branchline.createBookmark', { kind: 'proxy', host: 'branchline.ink', upstream: 'branchline' }, 'POST'],
    ['branchline.ink', '/', { kind: 'method-not-allowed', host: 'branchline.ink' }, 'POST'],
    ['chive.pub', '/', { kind: 'chive-home' }],
    ['chive.pub', `/eprints/${encodeURIComponent(EPRINT)}`, { kind: 'eprint', uri: EPRINT }],
    ['api.chive.pub', `/eprints/${EPRINT}`, { kind: 'eprint', uri: EPRINT }],
    ['chive.pub', '/eprints/garbage', { kind: 'not-found', host: 'chive.pub' }],
    ['chive.pub', `/eprint/${DID}/3kq2z7xyz2k2a`, { kind: 'eprint-legacy', did: DID, rkey: '3kq2z7xyz2k2a' }],
    ['chive.pub', `/paper/${DID}/3kq2z7xyz2k2a`, { kind: 'eprint-legacy', did: DID, rkey: '3kq2z7xyz2k2a' }],
    ['chive.pub', '/paper/ada.test/3kq2z7xyz2k2a', { kind: 'not-found', host: 'chive.pub' }],
    ['chive.pub', '/xrpc/pub.chive.backlink.create', { kind: 'proxy', host: 'chive.pub', upstream: 'chive' }, 'POST'],
    ['api.chive.pub', '/xrpc/pub.chive.backlink.list?targetUri=x', { kind: 'proxy', host: 'api.chive.pub', upstream: 'chive' }],
    ['bsky.app', `/profile/ada.test/post/3kq2z7xyz2k2a`, { kind: 'bsky-post', actor: 'ada.test', rkey: '3kq2z7xyz2k2a' }],
    ['bsky.app', `/profile/${DID}/post/3kq2z7xyz2k2a`, { kind: 'bsky-post', actor: DID, rkey: '3kq2z7xyz2k2a' }],
    ['bsky.app', '/profile/ada.test', { kind: 'not-found', host: 'bsky.app' }],
    ['bsky.app', '/xrpc/app.bsky.feed.getPosts', { kind: 'not-found', host: 'bsky.app' }],
    ['whtwnd.com', '/ada.test/3kq2z7xyz2k2a', { kind: 'whtwnd-entry', actor: 'ada.test', rkey: '3kq2z7xyz2k2a' }],
    ['whtwnd.com', `/${DID}/3kq2z7xyz2k2a/bafyrei`, { kind: 'whtwnd-entry', actor: DID, rkey: '3kq2z7xyz2k2a', cid: 'bafyrei' }],
    ['whtwnd.com', '/ada.test/entries/My%20Title', { kind: 'whtwnd-entry-by-title', actor: 'ada.test', title: 'My Title' }],
    ['whtwnd.com', '/ada.test', { kind: 'not-found', host: 'whtwnd.com' }],
    ['leaflet.pub', `/p/${encodeURIComponent(DID)}/3kq2z7xyz2k2a`, { kind: 'leaflet-document', actor: DID, rkey: '3kq2z7xyz2k2a' }],
    ['leaflet.pub', '/p/ada.test/3kq2z7xyz2k2a', { kind: 'leaflet-document', actor: 'ada.test', rkey: '3kq2z7xyz2k2a' }],
    ['semble.so', '/profile/ada.test/collections/3kq2z7xyz2k2a', { kind: 'semble-collection', actor: 'ada.test', rkey: '3kq2z7xyz2k2a' }],
    ['semble.so', '/profile/ada.test/collections', { kind: 'not-found', host: 'semble.so' }],
    ['reading-notes.example', '/', { kind: 'blog-home' }],
    ['reading-notes.example', '/about', { kind: 'not-found', host: 'reading-notes.example' }],
    ['evil.example', '/', { kind: 'unknown-host', host: 'evil.example' }],
    // The hostile-page suite's hosts and bud page variants (tests/sandbox/web/sites/hostile.ts).
    ['branchline.ink', `/bud/${DID}/3kq2z7xyz2k2a?hostile=huge-dom&nodes=10`, { kind: 'bud', actor: DID, rkey: '3kq2z7xyz2k2a', fragment: false, hostile: 'huge-dom' }],
    ['branchline.ink', `/bud/${DID}/3kq2z7xyz2k2a?hostile=`, { kind: 'bud', actor: DID, rkey: '3kq2z7xyz2k2a', fragment: false }],
    ['branchline.ink.example.test', `/bud/${DID}/3kq2z7xyz2k2a`, { kind: 'lookalike-bud', actor: DID, rkey: '3kq2z7xyz2k2a' }],
    ['branchline.ink.example.test:443', `/bud/${DID}/3kq2z7xyz2k2a`, { kind: 'lookalike-bud', actor: DID, rkey: '3kq2z7xyz2k2a' }],
    ['branchline.ink.example.test', '/', { kind: 'not-found', host: 'branchline.ink.example.test' }],
    // The lookalike is not Branchline: its /xrpc is not proxied to the Branchline stand-in.
    ['branchline.ink.example.test', '/xrpc/ink.branchline.getBranch?bud=x', { kind: 'not-found', host: 'branchline.ink.example.test' }],
    ['hostile.example', '/', { kind: 'hostile-index' }],
    ['hostile.example', '/window-open?to=http%3A%2F%2F127.0.0.1%3A43917%2F', { kind: 'hostile-page', name: 'window-open' }],
    ['hostile.example', '/a/b', { kind: 'not-found', host: 'hostile.example' }],
    ['hostile.example', '/beacon?what=title', { kind: 'beacon', beacon: 'executed' }],
    ['hostile.example', '/beacon', { kind: 'beacon', beacon: 'executed' }, 'POST'],
    ['hostile.example', '/ran?page=x', { kind: 'beacon', beacon: 'ran' }],
    ['branchline.ink', '/beacon', { kind: 'not-found', host: 'branchline.ink' }],
    ['branchline.ink', '/favicon.ico', { kind: 'favicon' }],
    ['hostile.example', '/favicon.ico', { kind: 'favicon' }],
  ]

  it.each(cases)('%s %s', (host, pathAndQuery, expected, method = 'GET') => {
    const url = new URL(pathAndQuery, 'https://x.invalid')
    expect(routeRequest(host, method, url.pathname, url.search)).toEqual(expected)
  })

  it('treats undecodable paths as not found', () => {
    expect(routeRequest('bsky.app', 'GET', '/profile/%E0%A4%A/post/x')).toEqual({ kind: 'not-found', host: 'bsky.app' })
  })

  it('serves HEAD like GET', () => {
    expect(routeRequest('chive.pub', 'HEAD', '/')).toEqual({ kind: 'chive-home' })
  })
})
