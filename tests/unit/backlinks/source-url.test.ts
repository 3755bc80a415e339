import { describe, expect, it } from 'vitest'
import { SOURCE_URL_EXAMPLES, sourcePageUrl } from '../../../lib/backlinks/source-url'

describe('a source record’s page on its own site', () => {
  it.each(SOURCE_URL_EXAMPLES)('%s → %s', (uri, url) => {
    expect(sourcePageUrl(uri)).toBe(url)
  })
})
