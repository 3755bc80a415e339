import { describe, expect, it } from 'vitest'
import {
  EPRINT_HEAD_EXAMPLES,
  EPRINT_LINK_EXAMPLES,
  EPRINT_PAGE_EXAMPLES,
  eprintUriFromHead,
  parseEprintLink,
  parseEprintPageUrl,
} from '../../../lib/sites/chive'

describe('parseEprintPageUrl', () => {
  it.each(EPRINT_PAGE_EXAMPLES)('%s', (url, expected) => {
    expect(parseEprintPageUrl(url)).toEqual(expected)
  })
})

describe('eprintUriFromHead', () => {
  it.each(EPRINT_HEAD_EXAMPLES)('%j', (links, expected) => {
    expect(eprintUriFromHead(links)).toEqual(expected)
  })
})

describe('parseEprintLink', () => {
  it.each(EPRINT_LINK_EXAMPLES)('%s on %s', (href, base, expected) => {
    expect(parseEprintLink(href, base)).toEqual(expected)
  })

  it('finds the same eprint from a page URL used as a link', () => {
    for (const [url, expected] of EPRINT_PAGE_EXAMPLES) {
      if (expected) expect(parseEprintLink(url, 'https://bsky.app/')).toEqual(expected)
    }
  })
})
