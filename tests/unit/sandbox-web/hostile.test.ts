import { describe, expect, it } from 'vitest'
import { HOSTILE_BUD_SCRIPT_NAMES, HOSTILE_PAGE_NAMES, hostileBudScript, hostilePage } from '../../sandbox/web/sites/hostile.ts'

// The attack pages themselves are exercised in Chromium (tests/e2e/hostile); here only what the
// server decides on its own: which names exist and that nothing from the query reaches markup raw.
describe('hostile pages', () => {
  it.each(HOSTILE_PAGE_NAMES.filter((n) => n !== 'meta-refresh'))('%s is a page with an attack button and its script', (name) => {
    const response = hostilePage(name, '?to=https%3A%2F%2Fbranchline.ink%2F')
    expect(response.status).toBe(200)
    expect(response.body).toContain('<script>')
    expect(response.body).toContain('dataset.attack')
  })

  it('meta-refresh escapes its target into the tag and refuses non-http targets', () => {
    const ok = hostilePage('meta-refresh', `?to=${encodeURIComponent('http://127.0.0.1:43917/cb?a=1&b="x"')}`)
    expect(ok.body).toContain('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:43917/cb?a=1&amp;b=&quot;x&quot;">')
    expect(ok.body).not.toContain('<script>')
    expect(hostilePage('meta-refresh', '?to=javascript%3Aalert(1)').status).toBe(400)
    expect(hostilePage('meta-refresh', '').status).toBe(400)
  })

  it('an unknown page is a 404', () => {
    expect(hostilePage('nope', '').status).toBe(404)
  })

  it.each(HOSTILE_BUD_SCRIPT_NAMES)('bud page variant %s is a self-contained script that marks its arrival', (name) => {
    const script = hostileBudScript(name)!
    expect(script).toMatch(/^\(\(\) => \{/)
    expect(script).toContain('mark(')
    expect(() => new Function(script)).not.toThrow()
  })

  it('has no script for an unknown bud page variant', () => {
    expect(hostileBudScript('nope')).toBeUndefined()
  })
})
