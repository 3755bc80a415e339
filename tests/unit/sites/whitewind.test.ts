import { describe, expect, it } from 'vitest'
import { ENTRY_PAGE_EXAMPLES, parseEntryUrl } from '../../../lib/sites/whitewind'

describe('parseEntryUrl', () => {
  it.each(ENTRY_PAGE_EXAMPLES)('%s', (url, expected) => {
    expect(parseEntryUrl(url)).toEqual(expected)
  })
})
