import { describe, expect, it } from 'vitest'
import { DOCUMENT_COLLECTIONS, DOCUMENT_PAGE_EXAMPLES, parseDocumentUrl } from '../../../lib/sites/leaflet'

describe('parseDocumentUrl', () => {
  it.each(DOCUMENT_PAGE_EXAMPLES)('%s', (url, expected) => {
    expect(parseDocumentUrl(url)).toEqual(expected)
  })

  it('tries site.standard.document before pub.leaflet.document, as Leaflet does', () => {
    expect(DOCUMENT_COLLECTIONS).toEqual(['site.standard.document', 'pub.leaflet.document'])
  })
})
