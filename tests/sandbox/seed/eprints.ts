// Chive eprints: `pub.chive.eprint.submission` records with every field the lexicon requires
// (title, abstract, document, licenseSlug, authors, submittedBy, createdAt — chive-pub/chive
// lexicons/pub/chive/eprint/submission.json, revision 3). `document` is a real blob: a one-page PDF
// uploaded to the owner's PDS first, as Chive's submit flow does.
import type { AccountSession } from '../accounts.ts'
import { xrpc } from '../xrpc.ts'
import type { StrongRef } from './writer.ts'

export const EPRINT = 'pub.chive.eprint.submission'

export interface SeedEprint extends StrongRef {
  title: string
  pageUrl: string
  owner: AccountSession
  /** The record's `createdAt` (ISO). */
  createdAt: string
}

/** `https://chive.pub/eprints/<encodeURIComponent(at-uri)>`, the canonical eprint page. */
export function eprintPageUrl(atUri: string): string {
  return `https://chive.pub/eprints/${encodeURIComponent(atUri)}`
}

interface EprintSpec {
  owner: number
  title: string
  abstract: string
  keywords: string[]
  coAuthor?: string
}

const SPECS: EprintSpec[] = [
  {
    owner: 0,
    title: 'Branching Narratives as Collaborative Trees: A Study of Fork-Based Fiction',
    abstract:
      'We study 1,204 collaboratively written stories in which every contribution extends exactly one earlier passage. Readers follow a single root-to-leaf path, yet writers treat the tree as a shared space: forks cluster after cliffhangers, and deep branches are sustained by small rotating groups of authors.',
    keywords: ['collaborative fiction', 'narrative structure', 'trees'],
    coAuthor: 'Inés Albarrán',
  },
  {
    owner: 1,
    title: 'Service Authentication Without Shared Secrets in Federated Social Protocols',
    abstract:
      'Federated services must authenticate requests from users whose accounts live elsewhere. We analyse short-lived, audience-bound tokens signed with repository keys and resolved through decentralized identifiers, and measure the cost of key resolution and the failure modes of audience matching.',
    keywords: ['authentication', 'federation', 'decentralized identifiers'],
  },
  {
    owner: 2,
    title: 'Measuring Citation Decay in Decentralized Scholarly Feeds',
    abstract:
      'Links to preprints shared on open social networks decay quickly as posts scroll away. We track citations across four kinds of public records and estimate how many scholarly mentions an index misses when it only watches one record type.',
    keywords: ['bibliometrics', 'social media', 'preprints'],
    coAuthor: 'Joon-ho Park',
  },
  {
    owner: 0,
    title: 'Tidal Memory: Archival Practices in Coastal Oral Histories',
    abstract:
      'Oral histories collected in three harbour towns show how communities anchor memory to tides, storms and lighthouses. We describe an archival practice that keeps the teller’s ordering of events instead of imposing a chronology.',
    keywords: ['oral history', 'archives', 'coastal communities'],
  },
]

/** A small but valid one-page PDF (correct xref offsets) showing the title. */
export function tinyPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '')
  const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body))
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`
  })
  const xref = Buffer.byteLength(body)
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

async function uploadBlob(pdsUrl: string, account: AccountSession, bytes: Buffer, mimeType: string) {
  const res = await fetch(`${pdsUrl}/xrpc/com.atproto.repo.uploadBlob`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.accessJwt}`, 'content-type': mimeType },
    body: new Uint8Array(bytes),
  })
  if (!res.ok) throw new Error(`uploadBlob → ${res.status} ${await res.text()}`)
  return ((await res.json()) as { blob: unknown }).blob
}

async function createEprint(pdsUrl: string, spec: EprintSpec, owner: AccountSession, createdAt: Date) {
  const document = await uploadBlob(pdsUrl, owner, tinyPdf(spec.title), 'application/pdf')
  const authors: Record<string, unknown>[] = [
    {
      did: owner.did,
      name: owner.displayName,
      handle: owner.handle,
      order: 1,
      affiliations: [{ name: 'Vell Institute for Narrative Computing' }],
      isCorrespondingAuthor: true,
    },
  ]
  if (spec.coAuthor) authors.push({ name: spec.coAuthor, order: 2, affiliations: [{ name: 'University of the Coast' }] })
  const record = {
    $type: EPRINT,
    title: spec.title,
    abstract: [{ $type: 'pub.chive.richtext.defs#textItem', type: 'text', content: spec.abstract }],
    abstractPlainText: spec.abstract,
    document,
    documentFormatSlug: 'pdf',
    authors,
    submittedBy: owner.did,
    keywords: spec.keywords,
    licenseSlug: 'CC-BY-4.0',
    publicationStatusSlug: 'preprint',
    paperTypeSlug: 'original-research',
    version: { major: 1, minor: 0, patch: 0 },
    createdAt: createdAt.toISOString(),
    schemaRevision: 3,
  }
  const res = await xrpc<StrongRef>(pdsUrl, 'com.atproto.repo.createRecord', {
    token: owner.accessJwt,
    body: { repo: owner.did, collection: EPRINT, record },
  })
  return { uri: res.uri, cid: res.cid, title: spec.title, pageUrl: eprintPageUrl(res.uri), owner, createdAt: record.createdAt }
}

/** Written directly (not batched): each needs its blob uploaded first, and the CIDs of records
 * holding blob links come back from the PDS rather than from our local encoder. */
export async function seedEprints(pdsUrl: string, writers: AccountSession[], now: number): Promise<SeedEprint[]> {
  return Promise.all(
    SPECS.map((spec, i) => createEprint(pdsUrl, spec, writers[spec.owner]!, new Date(now - (90 - i * 10) * 86_400_000))),
  )
}
