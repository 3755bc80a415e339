// A tiny HTML builder: one tagged template that escapes every interpolated value unless it is
// already `SafeHtml`. Record text in the sandbox is hostile by design (a bud titled
// `<script>alert(1)</script>` must render inert), so nothing reaches a page except through here.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

/** Markup that has already been built safely; interpolating it does not escape it again. */
export class SafeHtml {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/** Trusts `markup` as HTML. Only for constant strings written in this directory. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * `html\`<a href="${url}">${text}</a>\`` — every value is escaped (arrays are joined, `null`,
 * `undefined` and `false` render as nothing). Attribute values must be quoted in the template.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? ''
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? '')
  return new SafeHtml(out)
}

/** Joins pieces of markup. */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(render(separator)))
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])

/**
 * A URL fit for an `href`: http(s), mailto and at:// URLs, or a path on the same site. Anything
 * else (`javascript:`, `data:`, garbage) gives undefined, and callers render plain text instead.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url === '') return undefined
  const trimmed = url.trim()
  if (/^\/(?!\/)/.test(trimmed) || trimmed.startsWith('#')) return trimmed
  // WHATWG URL cannot parse `at://did:plc:…` (the DID's colons read as a port).
  if (/^at:\/\/[^\s]+$/.test(trimmed)) return trimmed
  try {
    const parsed = new URL(trimmed)
    return SAFE_SCHEMES.has(parsed.protocol) ? trimmed : undefined
  } catch {
    return undefined
  }
}

/** `<a href>` when the URL is safe, otherwise the text alone. */
export function link(url: string | undefined, text: HtmlValue, attrs: Record<string, string> = {}): SafeHtml {
  const href = safeHref(url)
  if (href === undefined) return html`${text}`
  const extra = Object.entries(attrs).map(([name, value]) => html` ${raw(attrName(name))}="${value}"`)
  return html`<a href="${href}"${extra}>${text}</a>`
}

function attrName(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad attribute name ${name}`)
  return name
}

/** JSON for an inline `<script type="application/ld+json">` or `application/json` block. */
export function jsonForScript(value: unknown): SafeHtml {
  const text = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  return new SafeHtml(text)
}

export interface PageOptions {
  title: string
  /** Extra `<head>` markup: link/meta tags. */
  head?: SafeHtml | SafeHtml[]
  body: SafeHtml | SafeHtml[]
  lang?: string
  /** Inline script placed at the end of `<body>` (the only script a page may carry). */
  script?: string
}

const STYLE = raw(
  '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}' +
    'a{color:#2a5db0}li{margin:.5rem 0}.muted{color:#666;font-size:.9em}</style>',
)

/** A complete, small HTML document. No external resources: everything is inline. */
export function page(opts: PageOptions): string {
  const script = opts.script ? html`<script>${raw(opts.script)}</script>` : ''
  return html`<!doctype html>
<html lang="${opts.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
${opts.head ?? ''}
${STYLE}
</head>
<body>
${opts.body}
${script}
</body>
</html>
`.value
}
