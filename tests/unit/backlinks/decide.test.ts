import { describe, expect, it } from 'vitest'
import { decideBacklink, type BacklinkFacts } from '../../../lib/backlinks/decide'
import type { OnChive } from '../../../lib/backlinks/on-chive'
import type { Citation } from '../../../lib/backlinks/verify'

const READER = 'did:plc:reader'
const OTHER = 'did:plc:other'
const E1 = 'at://did:plc:e/pub.chive.eprint.submission/3kq2z7xyz2e1a'
const E2 = 'at://did:plc:e/pub.chive.eprint.submission/3kq2z7xyz2e2a'
const cite = (eprint: string, more: Partial<Citation> = {}): Citation => ({ eprint, sourceType: 'bluesky.post', context: 'read this', ...more })

function facts(o: { did?: string; cites?: Citation[]; chive?: Record<string, OnChive>; automatic?: boolean; settled?: string[]; active?: string | null }): BacklinkFacts {
  return {
    finding: { sourceUri: `at://${o.did ?? READER}/app.bsky.feed.post/3kq2z7xyz2paa`, did: o.did ?? READER, citations: o.cites ?? [cite(E1)] },
    onChive: new Map(Object.entries(o.chive ?? { [E1]: 'absent' })),
    activeDid: o.active === undefined ? READER : o.active,
    automatic: o.automatic ?? true,
    settled: new Set(o.settled ?? []),
  }
}
const summary = (f: BacklinkFacts) => {
  const d = decideBacklink(f)
  if (d.kind === 'create') return `create ${d.citation.eprint === E1 ? 'E1' : 'E2'}`
  if (d.kind === 'suggest') return `suggest ${d.citations.map((c) => (c.eprint === E1 ? 'E1' : 'E2')).join('+')}${d.replaces ? ' (replaces)' : ''}`
  return d.kind
}

describe('decideBacklink', () => {
  it.each<[string, BacklinkFacts, string]>([
    ['cites nothing → nothing', facts({ cites: [] }), 'nothing'],
    ['own record, automatic on, one eprint, not on Chive → create', facts({}), 'create E1'],
    ['own record, automatic off → suggest', facts({ automatic: false }), 'suggest E1'],
    ['someone else’s record, automatic on → suggest, never automatic', facts({ did: OTHER }), 'suggest E1'],
    ['signed out → suggest', facts({ active: null }), 'suggest E1'],
    ['already on Chive → on-chive, nothing written', facts({ chive: { [E1]: 'present' } }), 'on-chive'],
    ['Chive’s list could not settle it → suggest only', facts({ chive: { [E1]: 'unknown' } }), 'suggest E1'],
    ['an unlisted WhiteWind entry → suggest only', facts({ cites: [cite(E1, { sourceType: 'whitewind.blog', unlistedOnly: true })] }), 'suggest E1'],
    ['two eprints → the reader chooses, never automatic', facts({ cites: [cite(E1), cite(E2)], chive: { [E1]: 'absent', [E2]: 'absent' } }), 'suggest E1+E2'],
    ['two eprints, one on Chive → offering the other says it replaces it', facts({ cites: [cite(E1), cite(E2)], chive: { [E1]: 'present', [E2]: 'absent' } }), 'suggest E2 (replaces)'],
    ['dismissed (or created) before → not offered again', facts({ automatic: false, settled: [E1] }), 'on-chive'],
  ])('%s', (_name, f, expected) => {
    expect(summary(f)).toBe(expected)
  })
})
