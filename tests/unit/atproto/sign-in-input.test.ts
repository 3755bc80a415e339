import { describe, expect, it } from 'vitest'
import { parseSignInInput, toOAuthInput } from '../../../lib/atproto/sign-in-input'

describe('parseSignInInput', () => {
  it.each([
    ['alice.bsky.social', { kind: 'handle', handle: 'alice.bsky.social' }],
    ['@alice.bsky.social', { kind: 'handle', handle: 'alice.bsky.social' }],
    ['  @Alice.Bsky.Social  ', { kind: 'handle', handle: 'alice.bsky.social' }],
    ['reader.test', { kind: 'handle', handle: 'reader.test' }],
    ['bsky.social', { kind: 'handle', handle: 'bsky.social' }],
    ['did:plc:a227z55ptb7ouwpfsv5zksrs', { kind: 'did', did: 'did:plc:a227z55ptb7ouwpfsv5zksrs' }],
    ['did:web:alice.example.com', { kind: 'did', did: 'did:web:alice.example.com' }],
    ['https://bsky.social', { kind: 'service', url: 'https://bsky.social' }],
    ['https://pds.example.com/', { kind: 'service', url: 'https://pds.example.com' }],
  ])('%j is accepted', (raw, expected) => {
    expect(parseSignInInput(raw)).toEqual(expected)
  })

  it('accepts a plain-http server only where the build allows it (the sandbox)', () => {
    expect(parseSignInInput('http://localhost:2583', { allowHttp: true })).toEqual({ kind: 'service', url: 'http://localhost:2583' })
    expect(() => parseSignInInput('http://localhost:2583')).toThrow(/must start with https/)
  })

  it.each([
    ['', /Type your handle/],
    ['   ', /Type your handle/],
    ['alice', /not a full handle.*alice\.bsky\.social/],
    ['@', /not a full handle/],
    ['alice..bsky.social', /not a valid handle/],
    ['alice@bsky.social', /not a valid handle/],
    ['did:plc', /not a valid DID/],
    ['did:plc:has spaces', /not a valid DID/],
    ['ftp://pds.example.com', /must start with https/],
    ['https://pds.example.com/xrpc/foo', /just the server’s address/],
    ['https://user:pw@pds.example.com', /just the server’s address/],
    ['https://', /not a valid server address/],
  ])('%j is refused before any network call', (raw, message) => {
    expect(() => parseSignInInput(raw)).toThrow(message)
    try {
      parseSignInInput(raw)
    } catch (error) {
      expect((error as { code: string }).code).toBe('InvalidSignInInput')
    }
  })

  it('hands the OAuth client exactly one identifier', () => {
    expect(toOAuthInput({ kind: 'handle', handle: 'a.test' })).toBe('a.test')
    expect(toOAuthInput({ kind: 'did', did: 'did:plc:x' })).toBe('did:plc:x')
    expect(toOAuthInput({ kind: 'service', url: 'https://pds.example' })).toBe('https://pds.example')
  })
})
