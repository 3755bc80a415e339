// Records the auth tests write: bookmarks of a seeded bud, always removed again.
import type { TendrilXrpc } from '../../../lib/xrpc/tendril-xrpc.ts'
import { buildBookmarkRecord, type BookmarkRecord } from '../../../lib/records/validate.ts'
import { useSandbox } from '../../setup/sandbox.ts'

let budRef: Promise<{ uri: string; cid: string }> | undefined

/** The seeded demo bud as a strongRef (its CID read from the PDS, without auth). */
export function seededBud(): Promise<{ uri: string; cid: string }> {
  return (budRef ??= (async () => {
    const sb = useSandbox()
    const [, , repo, collection, rkey] = sb.seed.buds.demo.split('/')
    const url = new URL('/xrpc/com.atproto.repo.getRecord', sb.pdsUrl)
    url.search = new URLSearchParams({ repo: repo!, collection: collection!, rkey: rkey! }).toString()
    const res = await fetch(url)
    if (!res.ok) throw new Error(`getRecord ${sb.seed.buds.demo} → ${res.status}`)
    const body = (await res.json()) as { uri: string; cid: string }
    return { uri: body.uri, cid: body.cid }
  })())
}

export async function bookmarkOfSeededBud(): Promise<BookmarkRecord> {
  return buildBookmarkRecord({ subject: await seededBud(), createdAt: new Date().toISOString() })
}

export const rkeyOf = (uri: string) => uri.split('/').pop()!

/** A real write and its undo, as `did`: throws unless the PDS accepted the session for both. */
export async function writeAndRemoveBookmark(client: TendrilXrpc, did: string): Promise<void> {
  const record = await bookmarkOfSeededBud()
  const { data } = await client.com.atproto.repo.createRecord({ repo: did, collection: 'ink.branchline.bookmark', record })
  await client.com.atproto.repo.deleteRecord({ repo: did, collection: 'ink.branchline.bookmark', rkey: rkeyOf(data.uri) })
}
