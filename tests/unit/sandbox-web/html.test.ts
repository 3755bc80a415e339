import { describe, expect, it } from 'vitest'
import { escapeHtml, html, join, jsonForScript, link, page, raw, safeHref } from '../../sandbox/web/html.ts'

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"double" & 'single'`, '&quot;double&quot; &amp; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected)
  })
})

describe('html template', () => {
  it('escapes interpolated strings in content and attributes', () => {
    const title = '<b onclick="x()">hi</b>'
    expect(html`<a title="${title}">${title}</a>`.value).toBe(
      '<a title="&lt;b onclick=&quot;x()&quot;&gt;hi&lt;/b&gt;">&lt;b onclick=&quot;x()&quot;&gt;hi&lt;/b&gt;</a>',
    )
  })

  it('does not escape nested templates or raw markup again', () => {
    const inner = html`<em>${'a&b'}</em>`
    expect(html`<p>${inner}${raw('<br>')}</p>`.value).toBe('<p><em>a&amp;b</em><br></p>')
  })

  it('joins arrays and drops null, undefined and false; keeps 0', () => {
    expect(html`${['<', html`<i>x</i>`, null, undefined, false, 0]}`.value).toBe('&lt;<i>x</i>0')
    expect(join(['a', '<b>'], html`<br>`).value).toBe('a<br>&lt;b&gt;')
  })
})

describe('safeHref', () => {
  it.each([
    ['https://chive.pub/eprints/at%3A%2F%2Fx', 'https://chive.pub/eprints/at%3A%2F%2Fx'],
    ['http://example.com', 'http://example.com'],
    ['  https://example.com/  ', 'https://example.com/'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['at://did:plc:abc/app.bsky.feed.post/1', 'at://did:plc:abc/app.bsky.feed.post/1'],
    ['/bud/did:plc:abc/1', '/bud/did:plc:abc/1'],
    ['#bud-1', '#bud-1'],
    ['javascript:alert(1)', undefined],
    [' JavaScript:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['vbscript:msgbox', undefined],
    ['//evil.example/x', undefined],
    ['not a url', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected)
  })
})

describe('link', () => {
  it('links safe URLs with escaped text and attributes', () => {
    expect(link('https://a.example/?q=1&r=2', '<x>', { class: 'card' }).value).toBe(
      '<a href="https://a.example/?q=1&amp;r=2" class="card">&lt;x&gt;</a>',
    )
  })

  it('renders only the text for unsafe URLs', () => {
    expect(link('javascript:alert(1)', 'click').value).toBe('click')
  })

  it('refuses attribute names it would have to escape', () => {
    expect(() => link('https://a.example', 'x', { 'onclick="x"': 'y' })).toThrow()
  })
})

describe('jsonForScript', () => {
  it('cannot close the script element it sits in', () => {
    const out = jsonForScript({ title: '</script><script>alert(1)</script>', amp: '&', ls: '\u2028' }).value
    expect(out).not.toContain('</script')
    expect(out).not.toContain('&')
    expect(JSON.parse(out)).toEqual({ title: '</script><script>alert(1)</script>', amp: '&', ls: '\u2028' })
  })
})

describe('page', () => {
  it('is a complete document with an escaped title and no external resources', () => {
    const doc = page({ title: 'A <b>title</b>', head: html`<link rel="alternate" href="${'at://x'}">`, body: html`<p>hi</p>` })
    expect(doc.startsWith('<!doctype html>')).toBe(true)
    expect(doc).toContain('<title>A &lt;b&gt;title&lt;/b&gt;</title>')
    expect(doc).toContain('<meta charset="utf-8">')
    expect(doc).toContain('<link rel="alternate" href="at://x">')
    expect(doc).not.toMatch(/<script|src=|rel="stylesheet"/)
  })

  it('carries an inline script only when given one', () => {
    expect(page({ title: 't', body: html``, script: 'void 0' })).toContain('<script>void 0</script>')
  })
})
