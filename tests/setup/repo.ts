// The reader's repo as the PDS holds it, read and (for setting a test up) written straight at the
// sandbox PDS with the account's password — never through the extension, whose behaviour is what
// the tests check.

const COLLECTION = 'ink.branchline.bookmark'

export interface StoredBookmark {
  rkey: string
  cid: string
  subject: { uri: string; cid: string }
  createdAt: string
}

export async function listBookmarks(pdsUrl: string, did: string): Promise<StoredBookmark[]> {
  const out: StoredBookmark[] = []
  let cursor: string | undefined
  do {
    const url = new URL('/xrpc/com.atproto.repo.listRecords', pdsUrl)
    url.search = new URLSearchParams({ repo: did, collection: COLLECTION, limit: '100', ...(cursor ? { cursor } : {}) }).toString()
    const res = (await (await fetch(url)).json()) as { records: Array<{ uri: string; cid: string; value: { subject: { uri: string; cid: string }; createdAt: string } }>; cursor?: string }
    for (const r of res.records) out.push({ rkey: r.uri.split('/').pop()!, cid: r.cid, subject: r.value.subject, createdAt: r.value.createdAt })
    cursor = res.records.length ? res.cursor : undefined
  } while (cursor)
  return out
}

/** An access token for the account, by password (legacy session): for setting tests up, never the product. */
export async function session(pdsUrl: string, account: { did: string; password: string }): Promise<string> {
  const res = await fetch(new URL('/xrpc/com.atproto.server.createSession', pdsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: account.did, password: account.password }),
  })
  if (!res.ok) throw new Error(`createSession: HTTP ${res.status}`)
  return ((await res.json()) as { accessJwt: string }).accessJwt
}

async function deleteWith(pdsUrl: string, jwt: string, did: string, rkey: string): Promise<void> {
  const res = await fetch(new URL('/xrpc/com.atproto.repo.deleteRecord', pdsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ repo: did, collection: COLLECTION, rkey }),
  })
  if (!res.ok) throw new Error(`deleteRecord: HTTP ${res.status}`)
}

/** Deletes every bookmark of the account (a test's clean start). */
export async function clearBookmarks(pdsUrl: string, account: { did: string; password: string }): Promise<void> {
  const jwt = await session(pdsUrl, account)
  for (const b of await listBookmarks(pdsUrl, account.did)) await deleteWith(pdsUrl, jwt, account.did, b.rkey)
}

/** Deletes one bookmark of the account (tidying up after a test that wrote it). */
export async function deleteBookmark(pdsUrl: string, account: { did: string; password: string }, rkey: string): Promise<void> {
  await deleteWith(pdsUrl, await session(pdsUrl, account), account.did, rkey)
}

/** A bud as a strongRef, its CID read from its author's PDS (public, no auth). */
export async function budRef(pdsUrl: string, uri: string): Promise<{ uri: string; cid: string }> {
  const [, , repo, collection, rkey] = uri.split('/')
  const url = new URL('/xrpc/com.atproto.repo.getRecord', pdsUrl)
  url.search = new URLSearchParams({ repo: repo!, collection: collection!, rkey: rkey! }).toString()
  const res = await fetch(url)
  if (!res.ok) throw new Error(`getRecord ${uri}: HTTP ${res.status}`)
  const body = (await res.json()) as { uri: string; cid: string }
  return { uri: body.uri, cid: body.cid }
}

/** A record written straight to the PDS with the account's password (another app, another device). */
export async function writeRecord(pdsUrl: string, account: { did: string; password: string }, collection: string, record: Record<string, unknown>): Promise<{ uri: string; cid: string }> {
  const jwt = await session(pdsUrl, account)
  const res = await fetch(new URL('/xrpc/com.atproto.repo.createRecord', pdsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ repo: account.did, collection, record }),
  })
  if (!res.ok) throw new Error(`createRecord: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as { uri: string; cid: string }
}

/** A bookmark written "from another device": straight to the PDS with the account's password. */
export async function writeBookmark(pdsUrl: string, account: { did: string; password: string }, record: Record<string, unknown>): Promise<string> {
  return (await writeRecord(pdsUrl, account, COLLECTION, record)).uri.split('/').pop()!
}

/** Deletes one record of the account straight at the PDS (a test's cleanup). */
export async function deleteRecord(pdsUrl: string, account: { did: string; password: string }, uri: string): Promise<void> {
  const [, , repo, collection, rkey] = uri.split('/')
  const jwt = await session(pdsUrl, account)
  const res = await fetch(new URL('/xrpc/com.atproto.repo.deleteRecord', pdsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
    body: JSON.stringify({ repo, collection, rkey }),
  })
  if (!res.ok) throw new Error(`deleteRecord: HTTP ${res.status}`)
}
