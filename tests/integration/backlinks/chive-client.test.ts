// Tendril's Chive read client against the Chive stand-in: list and getCounts as Chive answers them,
// checked against lexicons/; its per-minute limit reported as "busy" with the wait; whether a source
// is already Chive's backlink to an eprint, found by paging the eprint's list.
import { afterEach, describe, expect, it } from 'vitest'
import { ChiveBusyError, createChiveClient } from '../../../lib/appview/chive-client.ts'
import { createOnChive } from '../../../lib/backlinks/on-chive.ts'
import { control, useSandbox } from '../../setup/sandbox.ts'
import { freshUri, login, raw, serviceToken } from '../sandbox/helpers.ts'

const sb = useSandbox()
const chive = createChiveClient({ baseUrl: sb.chiveUrl })

afterEach(async () => {
  await control('POST', '/chive/limits/reset')
})

describe('the Chive client', () => {
  it('reads a backlink Chive holds (list, getCounts), and finds it with onChive; another source is absent', async () => {
    const token = await serviceToken(await login(sb.seed.reader.handle))
    const sourceUri = freshUri(sb.seed.reader.did, 'app.bsky.feed.post')
    const targetUri = freshUri(sb.seed.writers[0]!.did, 'pub.chive.eprint.submission')
    const made = await raw(sb.chiveUrl, 'pub.chive.backlink.create', { method: 'POST', body: { sourceUri, sourceType: 'bluesky.post', targetUri }, headers: { authorization: `Bearer ${token}` } })
    expect(made.status).toBe(200)
    expect((await chive.list(targetUri)).backlinks.map((b) => b.sourceUri)).toEqual([sourceUri])
    expect((await chive.getCounts(targetUri)).blueskyPosts).toBe(1)
    const on = createOnChive({ chive })
    expect(await on.check(sourceUri, targetUri, 'bluesky.post')).toBe('present')
    expect(await on.check(freshUri(sb.seed.reader.did, 'app.bsky.feed.post'), targetUri, 'bluesky.post')).toBe('absent')
    expect(await on.check(sourceUri, targetUri, 'bluesky.embed')).toBe('absent')
  })

  it('over Chive’s per-minute limit: ChiveBusyError with the wait Chive asked for', async () => {
    await control('POST', '/chive/limits?anonymous=1&windowMs=60000')
    const targetUri = freshUri(sb.seed.writers[0]!.did, 'pub.chive.eprint.submission')
    await chive.getCounts(targetUri)
    const error = await chive.getCounts(targetUri).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChiveBusyError)
    expect((error as ChiveBusyError).retryAfterMs).toBeGreaterThan(0)
  })
})
