import { describe, expect, it } from 'vitest'
import { parseBudPageUrl } from '../../../lib/sites/branchline'
import { parsePostUrl } from '../../../lib/sites/bluesky'
import { parseEprintPageUrl } from '../../../lib/sites/chive'
import { DETECT_PAGE_EXAMPLES, detectPage } from '../../../lib/sites/index'
import { parseDocumentUrl } from '../../../lib/sites/leaflet'
import { parseEntryUrl } from '../../../lib/sites/whitewind'
import { BUD_PAGE_EXAMPLES } from '../../../lib/sites/branchline'
import { POST_PAGE_EXAMPLES } from '../../../lib/sites/bluesky'
import { EPRINT_PAGE_EXAMPLES } from '../../../lib/sites/chive'
import { DOCUMENT_PAGE_EXAMPLES } from '../../../lib/sites/leaflet'
import { ENTRY_PAGE_EXAMPLES } from '../../../lib/sites/whitewind'

describe('detectPage', () => {
  it.each(DETECT_PAGE_EXAMPLES)('%s', (url, site) => {
    expect(detectPage(url)?.site).toBe(site)
  })

  // Every row of every site's table: detectPage agrees with that site's parser, and no URL is
  // claimed by two parsers.
  const parsers = {
    branchline: parseBudPageUrl,
    chive: parseEprintPageUrl,
    bluesky: parsePostUrl,
    whitewind: parseEntryUrl,
    leaflet: parseDocumentUrl,
  } as const
  const rows: Array<[string, string]> = [
    ...BUD_PAGE_EXAMPLES.map(([url]) => [url, 'branchline'] as [string, string]),
    ...EPRINT_PAGE_EXAMPLES.map(([url]) => [url, 'chive'] as [string, string]),
    ...POST_PAGE_EXAMPLES.map(([url]) => [url, 'bluesky'] as [string, string]),
    ...ENTRY_PAGE_EXAMPLES.map(([url]) => [url, 'whitewind'] as [string, string]),
    ...DOCUMENT_PAGE_EXAMPLES.map(([url]) => [url, 'leaflet'] as [string, string]),
  ]
  it.each(rows)('%s (a %s example)', (url, site) => {
    const own = parsers[site as keyof typeof parsers](url)
    const matches = Object.entries(parsers).filter(([, parse]) => parse(url) !== undefined)
    expect(matches.length).toBeLessThanOrEqual(1)
    expect(detectPage(url)).toEqual(own ? { site, ref: own } : undefined)
  })
})
