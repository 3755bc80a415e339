import { describe, expect, it } from 'vitest'
import { RecordInvalidError } from '../../../lib/records/errors'
import { buildBookmarkRecord, validateBacklinkCreateInput, validateRecord } from '../../../lib/records/validate'

const BUD = 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/ink.branchline.bud/3lbfmd6dnyw2k'
const CID = 'bafyreigks6arfsq3xxfpvqrrwonchxcnu6do76auprhhfomao6c273sixm'
const EPRINT = 'at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/pub.chive.eprint.submission/3lbfmd6dnyw2k'
const POST = 'at://did:plc:44ybard66vv44zksje25o7dz/app.bsky.feed.post/3lcd2xm4j3s2k'
const NOW = '2026-03-01T12:00:00.000Z'

/** Runs `fn`, expecting a RecordInvalidError, and returns it. */
function invalid(fn: () => unknown): RecordInvalidError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(RecordInvalidError)
    return err as RecordInvalidError
  }
  throw new Error('expected RecordInvalidError, nothing was thrown')
}

describe('buildBookmarkRecord', () => {
  it.each([
    ['a DID-based bud URI', { subject: { uri: BUD, cid: CID }, createdAt: NOW }],
    ['a datetime with an offset', { subject: { uri: BUD, cid: CID }, createdAt: '2026-03-01T14:00:00+02:00' }],
    ['a handle-based URI (valid at-uri syntax)', { subject: { uri: 'at://ada.test/ink.branchline.bud/3lbfmd6dnyw2k', cid: CID }, createdAt: NOW }],
  ])('accepts %s', (_, input) => {
    expect(buildBookmarkRecord(input)).toEqual({
      $type: 'ink.branchline.bookmark',
      subject: { uri: input.subject.uri, cid: input.subject.cid },
      createdAt: input.createdAt,
    })
  })

  it('copies only uri and cid from the subject', () => {
    const subject = { uri: BUD, cid: CID, title: 'The Lighthouse at Vell', depth: 3 }
    expect(buildBookmarkRecord({ subject, createdAt: NOW }).subject).toEqual({ uri: BUD, cid: CID })
  })

  it.each([
    ['subject without cid', { subject: { uri: BUD }, createdAt: NOW }, /subject must have the property "cid"/],
    ['subject without uri', { subject: { cid: CID }, createdAt: NOW }, /subject must have the property "uri"/],
    ['a web URL as subject uri', { subject: { uri: 'https://branchline.ink/bud/ada.test/3lbfmd6dnyw2k', cid: CID }, createdAt: NOW }, /subject\/uri must be a valid at-uri/],
    ['a bad cid', { subject: { uri: BUD, cid: 'not-a-cid' }, createdAt: NOW }, /subject\/cid must be a cid string/],
    ['a bad datetime', { subject: { uri: BUD, cid: CID }, createdAt: 'yesterday' }, /createdAt must be an valid atproto datetime/],
    ['an impossible date', { subject: { uri: BUD, cid: CID }, createdAt: '2026-13-01T00:00:00Z' }, /createdAt must be an valid atproto datetime/],
    ['a missing createdAt', { subject: { uri: BUD, cid: CID } }, /must have the property "createdAt"/],
    ['a datetime without timezone (lexicon-lenient, spec-invalid)', { subject: { uri: BUD, cid: CID }, createdAt: '2026-03-01T12:00:00' }, /createdAt must be a datetime with a timezone/],
  ])('rejects %s', (_, input, message) => {
    const err = invalid(() => buildBookmarkRecord(input as never))
    expect(err.code).toBe('RecordInvalid')
    expect(err.nsid).toBe('ink.branchline.bookmark')
    expect(err.message).toMatch(message)
  })

  it('keeps the validator error as the cause', () => {
    const err = invalid(() => buildBookmarkRecord({ subject: { uri: BUD, cid: 'not-a-cid' }, createdAt: NOW }))
    expect(err.cause).toBeInstanceOf(Error)
    expect((err.cause as Error).message).toBe('Record/subject/cid must be a cid string')
  })
})

describe('validateRecord(ink.branchline.bookmark)', () => {
  const good = { $type: 'ink.branchline.bookmark', subject: { uri: BUD, cid: CID }, createdAt: NOW }

  it('returns the checked record', () => {
    expect(validateRecord('ink.branchline.bookmark', good)).toEqual(good)
  })

  it('accepts a datetime without timezone when reading (the lexicon validator is lenient)', () => {
    expect(validateRecord('ink.branchline.bookmark', { ...good, createdAt: '2026-03-01T12:00:00' }).createdAt).toBe('2026-03-01T12:00:00')
  })

  it('accepts fields the lexicon does not declare (objects are open)', () => {
    expect(validateRecord('ink.branchline.bookmark', { ...good, note: 'later' })).toMatchObject({ note: 'later' })
  })

  it.each([
    ['a missing subject', { $type: 'ink.branchline.bookmark', createdAt: NOW }, /must have the property "subject"/],
    ['a subject that is a bare URI', { ...good, subject: BUD }, /Record\/subject must be an object/],
    ['a $type of another collection', { ...good, $type: 'ink.branchline.pollen' }, /Invalid \$type: must be lex:ink\.branchline\.bookmark, got ink\.branchline\.pollen/],
    ['no $type', { subject: good.subject, createdAt: NOW }, /\$type must be a string/],
    ['a numeric createdAt', { ...good, createdAt: Date.parse(NOW) }, /createdAt must be a string/],
    ['null', null, /Record must be an object/],
    ['a string', 'ink.branchline.bookmark', /Record must be an object/],
  ])('rejects %s', (_, value, message) => {
    const err = invalid(() => validateRecord('ink.branchline.bookmark', value))
    expect(err.message).toMatch(/^Invalid ink\.branchline\.bookmark: /)
    expect(err.message).toMatch(message)
  })
})

describe('validateBacklinkCreateInput', () => {
  const base = { sourceUri: POST, sourceType: 'bluesky.post', targetUri: EPRINT }

  it.each<[string, Record<string, unknown>]>([
    ['the required fields', base],
    ['a 500-character context', { ...base, context: 'x'.repeat(500) }],
    ...['cosmik.collection', 'leaflet.list', 'whitewind.blog', 'bluesky.post', 'bluesky.embed', 'other'].map(
      (sourceType): [string, Record<string, unknown>] => [`sourceType ${sourceType}`, { ...base, sourceType }],
    ),
    ['an unlisted sourceType (knownValues is open)', { ...base, sourceType: 'margin.annotation' }],
  ])('accepts %s', (_, input) => {
    expect(validateBacklinkCreateInput(input)).toEqual(input)
  })

  it.each([
    ['a missing sourceUri', { sourceType: 'bluesky.post', targetUri: EPRINT }, /Input must have the property "sourceUri"/],
    ['a missing sourceType', { sourceUri: POST, targetUri: EPRINT }, /Input must have the property "sourceType"/],
    ['a missing targetUri', { sourceUri: POST, sourceType: 'bluesky.post' }, /Input must have the property "targetUri"/],
    ['a page URL as sourceUri', { ...base, sourceUri: 'https://bsky.app/profile/ada.test/post/3lcd2xm4j3s2k' }, /Input\/sourceUri must be a valid at-uri/],
    ['a bad targetUri', { ...base, targetUri: 'chive.pub/eprints/x' }, /Input\/targetUri must be a valid at-uri/],
    ['a 501-character context', { ...base, context: 'x'.repeat(501) }, /Input\/context must not be longer than 500 characters/],
    ['a numeric sourceType', { ...base, sourceType: 3 }, /Input\/sourceType must be a string/],
    ['null', null, /Input must be an object/],
  ])('rejects %s', (_, input, message) => {
    const err = invalid(() => validateBacklinkCreateInput(input))
    expect(err.code).toBe('RecordInvalid')
    expect(err.nsid).toBe('pub.chive.backlink.create')
    expect(err.message).toMatch(message)
  })
})

describe('RecordInvalidError', () => {
  it('carries a stable code, the NSID and its cause', () => {
    const cause = new Error('Record/subject/cid must be a cid string')
    const err = new RecordInvalidError('ink.branchline.bookmark', cause.message, { cause })
    expect(err).toBeInstanceOf(Error)
    expect({ code: err.code, nsid: err.nsid, name: err.name, cause: err.cause }).toEqual({
      code: 'RecordInvalid',
      nsid: 'ink.branchline.bookmark',
      name: 'RecordInvalid',
      cause,
    })
    expect(err.message).toBe('Invalid ink.branchline.bookmark: Record/subject/cid must be a cid string')
  })
})
