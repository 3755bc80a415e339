import { describe, expect, it, vi } from 'vitest'
import { createRouter, type Handlers } from '../../../lib/worker/router'
import { classifySender } from '../../../lib/worker/sender'

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id/' }

function handlers(): Handlers {
  return {
    ping: vi.fn(async () => ({ buildTarget: 'sandbox' as const, version: '0.1.0' })),
    'page.report': vi.fn(async () => {
      throw new Error('boom with secrets inside')
    }),
    'tab.get': vi.fn(async () => null),
    'auth.state': vi.fn(async () => ({ accounts: [], activeDid: null, signIn: null })),
    'auth.confirm': vi.fn(async () => ({ did: 'did:plc:r', confirmedAt: '' })),
    'auth.signIn': vi.fn(async () => ({ accounts: [], activeDid: null, signIn: null })),
    'auth.cancelSignIn': vi.fn(async () => ({ state: { accounts: [], activeDid: null, signIn: null }, windowLeftOpen: false })),
    'settings.get': vi.fn(async () => ({ autoBacklink: false })),
    'settings.set': vi.fn(async () => ({ autoBacklink: true })),
    'auth.dismiss': vi.fn(async () => ({ accounts: [], activeDid: null, signIn: null })),
    'auth.switch': vi.fn(async () => ({ accounts: [], activeDid: null, signIn: null })),
    'auth.signOut': vi.fn(async () => ({ accounts: [], activeDid: null, signIn: null })),
  }
}

describe('classifySender', () => {
  it.each([
    ['the popup', { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' }, { kind: 'extension-page' }],
    [
      'the options page in a tab',
      { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 4, url: 'chrome-extension://ext-id/options.html' } },
      { kind: 'extension-page', tabId: 4 },
    ],
    [
      'a content script',
      { id: 'ext-id', url: 'https://branchline.ink/bud/x/y', tab: { id: 7, url: 'https://branchline.ink/bud/x/y' } },
      { kind: 'content-script', tabId: 7, tabUrl: 'https://branchline.ink/bud/x/y' },
    ],
    [
      'a content script in the top frame',
      { id: 'ext-id', url: 'https://branchline.ink/bud/x/y', frameId: 0, tab: { id: 7, url: 'https://branchline.ink/bud/x/y' } },
      { kind: 'content-script', tabId: 7, tabUrl: 'https://branchline.ink/bud/x/y' },
    ],
    // The tab's URL is the top page's: a frame's report would describe a page the frame is not.
    ['a content script in a subframe', { id: 'ext-id', url: 'https://branchline.ink/bud/x/y', frameId: 3, tab: { id: 7, url: 'https://hostile.example/' } }, undefined],
    ['another extension', { id: 'other', url: 'chrome-extension://other/popup.html' }, undefined],
    ['a tab without an id', { id: 'ext-id', url: 'https://branchline.ink/', tab: {} }, undefined],
    ['nothing at all', {}, undefined],
  ])('%s', (_name, sender, expected) => {
    expect(classifySender(sender, self)).toEqual(expected)
  })
})

describe('createRouter', () => {
  const popup = { kind: 'extension-page' as const }
  const content = { kind: 'content-script' as const, tabId: 1, tabUrl: 'https://branchline.ink/' }

  it('answers a valid request with plain data', async () => {
    const route = createRouter(handlers())
    expect(await route({ type: 'ping' }, popup)).toEqual({ ok: true, value: { buildTarget: 'sandbox', version: '0.1.0' } })
  })

  it.each([
    ['an unknown type', { type: 'session.token' }],
    ['a missing field', { type: 'tab.get' }],
    ['a wrong field type', { type: 'tab.get', tabId: 'one' }],
    ['not an object', 'ping'],
    ['an oversized input', { type: 'auth.signIn', input: 'x'.repeat(600) }],
  ])('rejects %s as InvalidMessage', async (_name, message) => {
    const h = handlers()
    const reply = await createRouter(h)(message, content)
    expect(reply).toMatchObject({ ok: false, error: { code: 'InvalidMessage' } })
    expect(h['tab.get']).not.toHaveBeenCalled()
  })

  it.each([
    { type: 'tab.get', tabId: 1 },
    { type: 'auth.state' },
    { type: 'auth.confirm' },
    { type: 'auth.signIn', input: 'attacker.example' },
    { type: 'auth.switch', did: 'did:plc:other' },
    { type: 'auth.signOut', did: 'did:plc:reader' },
    { type: 'auth.cancelSignIn' },
    { type: 'settings.get' },
    { type: 'settings.set', autoBacklink: true },
  ])('refuses $type from a content script: a page cannot sign in or change the account', async (message) => {
    const h = handlers()
    const reply = await createRouter(h)(message, content)
    expect(reply).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    expect(h[message.type as keyof Handlers]).not.toHaveBeenCalled()
  })

  it('refuses page reports from extension pages and anything from unknown senders', async () => {
    const route = createRouter(handlers())
    const report = { type: 'page.report' }
    expect(await route(report, popup)).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    expect(await route({ type: 'ping' }, undefined)).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
  })

  it('never leaks an unexpected error’s text', async () => {
    const reply = await createRouter(handlers())({ type: 'page.report' }, content)
    expect(reply).toEqual({ ok: false, error: { code: 'Internal', message: expect.not.stringContaining('secrets') } })
  })
})
