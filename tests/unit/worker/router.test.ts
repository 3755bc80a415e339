import { describe, expect, it, vi } from 'vitest'
import { RequestSchema } from '../../../lib/messages'
import { createRouter, type Handlers } from '../../../lib/worker/router'
import { classifySender, type SenderInfo, type SenderKind } from '../../../lib/worker/sender'

const self = { id: 'ext-id', origin: 'chrome-extension://ext-id/' }

/**
 * Who may send each request, written out here on purpose: the router's own table
 * (ALLOWED_SENDERS) is what is under test, so it is never read back. A content script runs inside
 * a page Tendril does not control: it may report the page and ping, nothing about the account or
 * the reader's settings.
 */
const WHO_MAY_SEND: Record<string, readonly SenderKind[]> = {
  ping: ['extension-page', 'content-script'],
  'page.report': ['content-script'],
  'tab.get': ['extension-page'],
  'auth.state': ['extension-page'],
  'auth.confirm': ['extension-page'],
  'auth.signIn': ['extension-page'],
  'auth.cancelSignIn': ['extension-page'],
  'auth.dismiss': ['extension-page'],
  'auth.switch': ['extension-page'],
  'auth.signOut': ['extension-page'],
  'settings.get': ['extension-page'],
  'settings.set': ['extension-page'],
  'writes.list': ['extension-page'],
  'writes.retry': ['extension-page'],
  'writes.discard': ['extension-page'],
  // A page's controls: only about buds of the tab's own path (the worker re-derives it).
  'bookmarks.marks': ['content-script'],
  'bookmarks.bookmark': ['content-script'],
  'bookmarks.remove': ['content-script'],
  // The token was handed only to the toast that offers the undo (in a page or the popup).
  'bookmarks.undo': ['content-script', 'extension-page'],
  // The popup's bookmark list and buttons.
  'bookmarks.list': ['extension-page'],
  'bookmarks.tab': ['extension-page'],
  'bookmarks.delete': ['extension-page'],
  // A source page's prompt: its own tab's source only (re-verified by the worker).
  'backlinks.page': ['content-script'],
  'backlinks.add': ['content-script'],
  'backlinks.dismiss': ['content-script'],
  'backlinks.setup': ['content-script'],
  // The popup and options page: every other backlink request.
  'backlinks.tab': ['extension-page'],
  'backlinks.tabAdd': ['extension-page'],
  'backlinks.eprint': ['extension-page'],
  'backlinks.mine': ['extension-page'],
  'backlinks.remove': ['extension-page'],
}
/** A valid request of each type (a list, so a type could be tried in several shapes). */
const EXAMPLES: Record<string, readonly object[]> = {
  ping: [{ type: 'ping' }],
  'page.report': [{ type: 'page.report' }],
  'tab.get': [{ type: 'tab.get', tabId: 1 }],
  'auth.state': [{ type: 'auth.state' }],
  'auth.confirm': [{ type: 'auth.confirm' }],
  'auth.signIn': [{ type: 'auth.signIn', input: 'attacker.example' }],
  'auth.cancelSignIn': [{ type: 'auth.cancelSignIn' }],
  'auth.dismiss': [{ type: 'auth.dismiss' }],
  'auth.switch': [{ type: 'auth.switch', did: 'did:plc:other' }],
  'auth.signOut': [{ type: 'auth.signOut', did: 'did:plc:reader' }],
  'settings.get': [{ type: 'settings.get' }],
  'settings.set': [{ type: 'settings.set', autoBacklink: true }],
  'writes.list': [{ type: 'writes.list' }],
  'writes.retry': [{ type: 'writes.retry', id: '3kq2z7xyz2kaa' }],
  'writes.discard': [{ type: 'writes.discard', id: '3kq2z7xyz2kaa' }],
  'bookmarks.marks': [{ type: 'bookmarks.marks' }],
  'bookmarks.bookmark': [{ type: 'bookmarks.bookmark', budUri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa' }],
  'bookmarks.remove': [{ type: 'bookmarks.remove', budUri: 'at://did:plc:ada/ink.branchline.bud/3kq2z7xyz2kaa' }],
  'bookmarks.undo': [{ type: 'bookmarks.undo', token: '0b7f3c1e-5d2a-4e8b-9f00-123456789abc' }],
  'bookmarks.list': [{ type: 'bookmarks.list', tabId: 3 }],
  'bookmarks.tab': [{ type: 'bookmarks.tab', tabId: 3, action: 'bookmark' }],
  'bookmarks.delete': [{ type: 'bookmarks.delete', rkey: '3kq2z7xyz2kaa' }],
  'backlinks.page': [{ type: 'backlinks.page' }],
  'backlinks.add': [{ type: 'backlinks.add', eprint: 'at://did:plc:chive/pub.chive.eprint.submission/3kq2z7xyz2kaa' }],
  'backlinks.dismiss': [{ type: 'backlinks.dismiss' }],
  'backlinks.setup': [{ type: 'backlinks.setup' }],
  'backlinks.tab': [{ type: 'backlinks.tab', tabId: 3 }],
  'backlinks.tabAdd': [{ type: 'backlinks.tabAdd', tabId: 3, eprint: 'at://did:plc:chive/pub.chive.eprint.submission/3kq2z7xyz2kaa' }],
  'backlinks.eprint': [{ type: 'backlinks.eprint', eprint: 'at://did:plc:chive/pub.chive.eprint.submission/3kq2z7xyz2kaa', cursor: 'c1' }],
  'backlinks.mine': [{ type: 'backlinks.mine' }],
  'backlinks.remove': [{ type: 'backlinks.remove', did: 'did:plc:reader', sourceUri: 'at://did:plc:reader/app.bsky.feed.post/3kq2z7xyz2kaa' }],
}

/** Every request type the worker accepts today, read from the schema itself. */
const SCHEMA_TYPES: string[] = RequestSchema.def.options.map((option) => option.shape.type.def.values[0] as string)

function exampleOf(type: string): object | undefined {
  return EXAMPLES[type]?.find((candidate) => {
    const parsed = RequestSchema.safeParse(candidate)
    return parsed.success && parsed.data.type === type
  })
}

/** Handlers for every type (also ones added after this test was written), recording each call. */
function recordingHandlers() {
  const called: string[] = []
  const made = new Map<string, ReturnType<typeof vi.fn>>()
  const handlers = new Proxy({} as Handlers, {
    get(_target, type: string) {
      if (!made.has(type)) made.set(type, vi.fn(async () => (called.push(type), { answered: type })))
      return made.get(type)
    },
  })
  return { handlers, called }
}

const SENDERS: Record<SenderKind, SenderInfo> = {
  'extension-page': { kind: 'extension-page' },
  'content-script': { kind: 'content-script', tabId: 1, tabUrl: 'https://branchline.ink/bud/did:plc:ada/3kq2z7xyz2kaa' },
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

describe('who may send what (allowlist written in this test)', () => {
  it('every request type in RequestSchema is in this test’s allowlist', () => {
    expect(SCHEMA_TYPES.length).toBeGreaterThan(0)
    expect(SCHEMA_TYPES.filter((type) => !(type in WHO_MAY_SEND)), 'add these to WHO_MAY_SEND with who may send them').toEqual([])
  })

  it('the allowlist names no type the schema lacks (no typo hides a type)', () => {
    expect(Object.keys(WHO_MAY_SEND).filter((type) => !SCHEMA_TYPES.includes(type))).toEqual([])
  })

  it('every request type has a valid example here', () => {
    expect(SCHEMA_TYPES.filter((type) => !exampleOf(type)), 'write a valid example in EXAMPLES').toEqual([])
  })

  const rows = SCHEMA_TYPES.flatMap((type) =>
    (['content-script', 'extension-page'] as const).map((kind) => {
      const allowed = WHO_MAY_SEND[type]?.includes(kind) ?? false
      const from = kind === 'content-script' ? 'a content script' : 'an extension page'
      return { type, kind, from, allowed, verdict: allowed ? 'answered by its handler' : 'Forbidden, and no handler runs' }
    }),
  )
  it.each(rows)('$type from $from: $verdict', async ({ type, kind, allowed }) => {
    const example = exampleOf(type)
    expect(example, `no valid example of ${type}`).toBeDefined()
    expect(WHO_MAY_SEND[type], `${type} is missing from WHO_MAY_SEND`).toBeDefined()
    const { handlers, called } = recordingHandlers()
    const reply = await createRouter(handlers)(example, SENDERS[kind])
    if (allowed) {
      expect(reply).toEqual({ ok: true, value: { answered: type } })
      expect(called).toEqual([type])
    } else {
      expect(reply).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
      expect(called).toEqual([])
    }
  })

  it.each(SCHEMA_TYPES)('%s from an unknown sender (another extension, a web page) is refused', async (type) => {
    const { handlers, called } = recordingHandlers()
    const reply = await createRouter(handlers)(exampleOf(type), undefined)
    expect(reply).toMatchObject({ ok: false, error: { code: 'Forbidden' } })
    expect(called).toEqual([])
  })
})

describe('createRouter', () => {
  const popup = SENDERS['extension-page']
  const content = SENDERS['content-script']

  it('answers a valid request with the handler’s plain data', async () => {
    const route = createRouter({ ping: vi.fn(async () => ({ buildTarget: 'sandbox' as const, version: '0.1.0' })) } as Partial<Handlers> as Handlers)
    expect(await route({ type: 'ping' }, popup)).toEqual({ ok: true, value: { buildTarget: 'sandbox', version: '0.1.0' } })
  })

  it.each([
    ['an unknown type', { type: 'session.token' }],
    ['a missing field', { type: 'tab.get' }],
    ['a wrong field type', { type: 'tab.get', tabId: 'one' }],
    ['not an object', 'ping'],
    ['an oversized sign-in input', { type: 'auth.signIn', input: 'x'.repeat(10_000) }],
  ])('rejects %s as InvalidMessage and runs no handler', async (_name, message) => {
    for (const sender of [content, popup]) {
      const { handlers, called } = recordingHandlers()
      const reply = await createRouter(handlers)(message, sender)
      expect(reply).toMatchObject({ ok: false, error: { code: 'InvalidMessage' } })
      expect(called).toEqual([])
    }
  })

  it('never leaks an unexpected error’s text', async () => {
    const route = createRouter({
      ping: vi.fn(async () => {
        throw new Error('boom with secrets inside')
      }),
    } as Partial<Handlers> as Handlers)
    const reply = await route({ type: 'ping' }, popup)
    expect(reply).toEqual({ ok: false, error: { code: 'Internal', message: expect.not.stringContaining('secrets') } })
  })
})
