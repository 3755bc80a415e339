import { describe, expect, it } from 'vitest'
import { POST_PAGE_EXAMPLES, parsePostUrl } from '../../../lib/sites/bluesky'

describe('parsePostUrl', () => {
  it.each(POST_PAGE_EXAMPLES)('%s', (url, expected) => {
    expect(parsePostUrl(url)).toEqual(expected)
  })

  it('takes a URL object as well as a string', () => {
    expect(parsePostUrl(new URL(POST_PAGE_EXAMPLES[0]![0]))).toEqual(POST_PAGE_EXAMPLES[0]![1])
  })
})
