import { describe, expect, it } from 'vitest'
import { unexpectedRequests, type SeenRequest } from '../../e2e/hostile/attribution.ts'
import { HOSTILE_PAGES, oneBacklinkWrite, sourceLookups } from '../../e2e/hostile/pages.ts'
import type { World } from '../../e2e/hostile/world.ts'
import { HOSTILE_SOURCE_SCRIPT_NAMES, hostileSourceScript } from '../../sandbox/web/sites/hostile.ts'

// The backlink prompt's hostile pages, apart from the browser: their attack scripts are
// self-contained, and their request allowances are exactly the page visit (attacked pages) or the
// visit plus one write (the baseline) — a token minted for Chive or a create never fits the first.

const POST = 'at://did:plc:basilbasilbasilbasil2222/app.bsky.feed.post/3kpost'
const EPRINT = 'at://did:plc:adaadaadaadaadaadaada22/pub.chive.eprint.submission/3keprint'
const READER = 'did:plc:cleocleocleocleocleo222'

const w = {
  sandbox: { pdsUrl: 'http://localhost:2583', chiveServiceDid: 'did:web:chive.pub' },
  source: { uri: POST, pageUrl: 'https://bsky.app/profile/basil.test/post/3kpost', eprint: EPRINT, owner: 'did:plc:basilbasilbasilbasil2222' },
} as unknown as World

const pds = (path: string, method = 'GET'): SeenRequest => ({ host: 'localhost:2583', path, method })
const chive = (path: string, method = 'GET'): SeenRequest => ({ host: 'chive.pub', path, method })
const q = (params: Record<string, string>) => new URLSearchParams(params).toString()

const visit: SeenRequest[] = [
  pds(`/xrpc/com.atproto.repo.getRecord?${q({ repo: 'did:plc:basilbasilbasilbasil2222', collection: 'app.bsky.feed.post', rkey: '3kpost' })}`),
  chive(`/xrpc/pub.chive.backlink.list?${q({ targetUri: EPRINT, limit: '100', sourceType: 'bluesky.embed' })}`),
  pds(`/xrpc/com.atproto.repo.getRecord?${q({ repo: 'did:plc:adaadaadaadaadaadaada22', collection: 'pub.chive.eprint.submission', rkey: '3keprint' })}`),
]
const token = `/xrpc/com.atproto.server.getServiceAuth?${q({ aud: 'did:web:chive.pub', lxm: 'pub.chive.backlink.create', exp: '1796024863' })}`
const write: SeenRequest[] = [pds(token, 'OPTIONS'), pds(token), chive('/xrpc/pub.chive.backlink.create', 'POST')]

describe('the backlink prompt’s hostile pages', () => {
  it.each(HOSTILE_SOURCE_SCRIPT_NAMES)('post page variant %s is a self-contained script that marks its arrival', (name) => {
    const script = hostileSourceScript(name)!
    expect(script).toMatch(/^\(\(\) => \{/)
    expect(script).toContain('mark(')
    expect(() => new Function(script)).not.toThrow()
  })

  it('has no script for an unknown post page variant', () => {
    expect(hostileSourceScript('nope')).toBeUndefined()
  })

  it('an attacked prompt page may cost the page visit, once, and nothing that writes', () => {
    expect(unexpectedRequests(visit, sourceLookups(w))).toEqual([])
    expect(unexpectedRequests([...visit, visit[0]!], sourceLookups(w)).map((v) => v.reason)).toEqual([expect.stringContaining('more than 1')])
    expect(unexpectedRequests(write, sourceLookups(w))).toHaveLength(3)
    // Another record, or another eprint's list, is not the page's.
    const other = pds(`/xrpc/com.atproto.repo.getRecord?${q({ repo: 'did:plc:basilbasilbasilbasil2222', collection: 'app.bsky.feed.post', rkey: '3kother' })}`)
    expect(unexpectedRequests([other], sourceLookups(w))).toHaveLength(1)
    expect(unexpectedRequests([chive(`/xrpc/pub.chive.backlink.list?${q({ targetUri: POST })}`)], sourceLookups(w))).toHaveLength(1)
  })

  it('the baseline may write one backlink, with a token for Chive’s create only', () => {
    const rules = [...oneBacklinkWrite(w, { activeDid: READER }), ...sourceLookups(w, { examinations: 2 })]
    expect(unexpectedRequests([...visit, ...write, visit[0]!, visit[1]!], rules)).toEqual([])
    expect(unexpectedRequests([...write, chive('/xrpc/pub.chive.backlink.create', 'POST')], rules)).toHaveLength(1)
    const anyToken = pds(`/xrpc/com.atproto.server.getServiceAuth?${q({ aud: 'did:web:chive.pub', lxm: 'com.atproto.repo.createRecord' })}`)
    expect(unexpectedRequests([anyToken], rules)).toHaveLength(1)
  })

  it('every attacked prompt page promises no write, and only the baseline may make one', () => {
    const prompts = HOSTILE_PAGES.filter((p) => p.trigger.kind === 'prompt')
    expect(prompts.map((p) => p.name).at(-1)).toBe('backlink-prompt-baseline')
    for (const page of prompts.slice(0, -1)) {
      expect(page.outcome.backlinksUnchanged, page.name).toBe(true)
      expect(unexpectedRequests(write, page.allowed(w, { activeDid: READER })), page.name).toHaveLength(3)
    }
  })
})
