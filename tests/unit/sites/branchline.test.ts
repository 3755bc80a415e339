import { describe, expect, it } from 'vitest'
import {
  BUD_PAGE_EXAMPLES,
  budPageUrl,
  parseBudPageUrl,
  parseBudUri,
} from '../../../lib/sites/branchline'

describe('parseBudPageUrl', () => {
  it.each(BUD_PAGE_EXAMPLES)('%s', (url, expected) => {
    expect(parseBudPageUrl(url)).toEqual(expected)
  })
})

describe('budPageUrl', () => {
  it('round-trips a bud AT-URI through its page URL', () => {
    const uri = 'at://did:plc:abc123/ink.branchline.bud/3kq2z7xyz2k2a'
    const page = budPageUrl(uri)
    expect(page).toBe('https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a')
    expect(parseBudPageUrl(page!)?.uri).toBe(uri)
  })

  it.each([
    'at://did:plc:abc123/ink.branchline.pollen/3kq2z7xyz2k2a',
    'at://alice.test/ink.branchline.bud/3kq2z7xyz2k2a',
    'https://branchline.ink/bud/did:plc:abc123/3kq2z7xyz2k2a',
    'at://did:plc:abc123/ink.branchline.bud',
  ])('refuses %s', (uri) => {
    expect(budPageUrl(uri)).toBeUndefined()
    expect(parseBudUri(uri)).toBeUndefined()
  })
})
