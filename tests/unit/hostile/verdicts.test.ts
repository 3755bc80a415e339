import { describe, expect, it } from 'vitest'
import type { AuthState } from '../../../lib/messages.ts'
import { beaconFailures, consoleFailures, parseWitnessed, requestFailures, stateFailures } from '../../e2e/hostile/verdicts.ts'

const EXT = 'chrome-extension://abc'

describe('verdicts', () => {
  it('an unexpected extension request fails, at the sandbox and in the browser witness alike', () => {
    const failures = requestFailures({
      recorded: [{ host: 'branchline.ink', path: '/xrpc/ink.branchline.getBranch?bud=x', origin: EXT }],
      witnessed: parseWitnessed(['GET https://branchline.ink/xrpc/ink.branchline.getBranch?bud=x', 'GET chrome-extension://abc/background.js']),
      extensionOrigin: EXT,
      rules: [],
      neverMentioned: [],
    })
    expect(failures).toHaveLength(2)
    expect(failures[0]).toContain('at the sandbox servers')
    expect(failures[1]).toContain('browser witness')
  })

  it('a page’s own requests are not the extension’s', () => {
    expect(
      requestFailures({
        recorded: [{ host: 'branchline.ink', path: '/bud/x', secFetchSite: 'none', secFetchMode: 'navigate' }],
        witnessed: [],
        extensionOrigin: EXT,
        rules: [],
        neverMentioned: [],
      }),
    ).toEqual([])
  })

  it('any beacon hit fails, whoever sent it', () => {
    expect(beaconFailures([{ host: 'hostile.example', path: '/beacon?what=title' }])).toHaveLength(1)
    expect(beaconFailures([{ host: 'hostile.example', path: '/ran?page=x' }])).toEqual([])
  })

  it('console errors fail unless the page declared them', () => {
    const errors = [{ where: 'worker', text: 'boom' }]
    expect(consoleFailures(errors)).toHaveLength(1)
    expect(consoleFailures(errors, [/boom/])).toEqual([])
  })

  it('any change of accounts, sign-in or settings fails', () => {
    const auth: AuthState = { accounts: [], activeDid: null, signIn: null }
    const base = { auth, settings: { autoBacklink: false } }
    expect(stateFailures(base, structuredClone(base))).toEqual([])
    expect(stateFailures(base, { ...base, settings: { autoBacklink: true } })).toEqual(['settings changed: {"autoBacklink":false} → {"autoBacklink":true}'])
    expect(stateFailures(base, { ...base, auth: { ...auth, signIn: { status: 'waiting', startedAt: 'now' } } })).toHaveLength(1)
  })
})
