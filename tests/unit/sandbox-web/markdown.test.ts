import { describe, expect, it } from 'vitest'
import { markdownToHtml } from '../../sandbox/web/markdown.ts'

const md = (source: string) => markdownToHtml(source).value

describe('markdownToHtml', () => {
  it.each([
    ['Hello world', '<p>Hello world</p>'],
    ['one\n\ntwo', '<p>one</p>\n<p>two</p>'],
    ['# Title', '<h1>Title</h1>'],
    ['### Third ###', '<h3>Third</h3>'],
    ['#hashtag is not a heading', '<p>#hashtag is not a heading</p>'],
    ['**bold** and *em* and _em_', '<p><strong>bold</strong> and <em>em</em> and <em>em</em></p>'],
    ['snake_case_name stays', '<p>snake_case_name stays</p>'],
    ['`<code>` span', '<p><code>&lt;code&gt;</code> span</p>'],
    ['---', '<hr>'],
    ['- a\n- b', '<ul><li>a</li><li>b</li></ul>'],
    ['1. a\n2. b', '<ol><li>a</li><li>b</li></ol>'],
    ['3. c', '<ol start="3"><li>c</li></ol>'],
    ['> quoted\n> more', '<blockquote><p>quoted\nmore</p></blockquote>'],
    ['```\n<b>[x](https://a.example)</b>\n```', '<pre><code>&lt;b&gt;[x](https://a.example)&lt;/b&gt;</code></pre>'],
    ['\\*not em\\*', '<p>*not em*</p>'],
  ])('%j', (source, expected) => {
    expect(md(source)).toBe(expected)
  })

  it('escapes raw HTML instead of passing it through', () => {
    expect(md('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>',
    )
  })

  describe('links', () => {
    it.each([
      ['[the paper](https://chive.pub/eprints/at%3A%2F%2Fx)', '<p><a href="https://chive.pub/eprints/at%3A%2F%2Fx">the paper</a></p>'],
      ['[t](https://a.example/x "Title")', '<p><a href="https://a.example/x">t</a></p>'],
      ['[t](<https://a.example/with space>)', '<p><a href="https://a.example/with space">t</a></p>'],
      ['[wiki](https://en.wikipedia.org/wiki/Foo_(bar))', '<p><a href="https://en.wikipedia.org/wiki/Foo_(bar)">wiki</a></p>'],
      ['[**bold** link](https://a.example)', '<p><a href="https://a.example"><strong>bold</strong> link</a></p>'],
      ['<https://a.example/auto>', '<p><a href="https://a.example/auto">https://a.example/auto</a></p>'],
      ['see https://a.example/x.', '<p>see <a href="https://a.example/x">https://a.example/x</a>.</p>'],
      ['(https://a.example/x)', '<p>(<a href="https://a.example/x">https://a.example/x</a>)</p>'],
      [
        'raw https://chive.pub/eprints/at://did:plc:abc/pub.chive.eprint.submission/3k, next',
        '<p>raw <a href="https://chive.pub/eprints/at://did:plc:abc/pub.chive.eprint.submission/3k">https://chive.pub/eprints/at://did:plc:abc/pub.chive.eprint.submission/3k</a>, next</p>',
      ],
      ['![a chart](https://img.example/c.png)', '<p><a href="https://img.example/c.png">a chart</a></p>'],
      ['[bad](javascript:alert(1))', '<p>bad</p>'],
      ['[bad](data:text/html,hi)', '<p>bad</p>'],
      ['[t](https://a.example/"onmouseover="x)', '<p><a href="https://a.example/&quot;onmouseover=&quot;x">t</a></p>'],
      ['[not a link] here', '<p>[not a link] here</p>'],
      ['[link inside [https://a.example]](https://b.example)', '<p><a href="https://b.example">link inside [https://a.example]</a></p>'],
    ])('%j', (source, expected) => {
      expect(md(source)).toBe(expected)
    })

    it('resolves reference-style links and drops their definitions', () => {
      const source = 'Read [the paper][p1] and [Other].\n\n[p1]: https://chive.pub/eprints/x "T"\n[other]: <https://b.example>'
      expect(md(source)).toBe('<p>Read <a href="https://chive.pub/eprints/x">the paper</a> and <a href="https://b.example">Other</a>.</p>')
    })

    it('links inside headings and list items', () => {
      expect(md('## See [x](https://a.example)\n\n- https://b.example')).toBe(
        '<h2>See <a href="https://a.example">x</a></h2>\n<ul><li><a href="https://b.example">https://b.example</a></li></ul>',
      )
    })
  })
})
