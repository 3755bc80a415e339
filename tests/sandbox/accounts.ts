// Sandbox accounts: created through the PDS's own com.atproto.server.createAccount, so each gets a
// real did:plc registered in the sandbox PLC, a repo and a signing key, exactly like a real signup.
import { SANDBOX_ACCOUNTS, SANDBOX_PASSWORD } from './config.ts'
import type { SandboxAccount } from './types.ts'
import crypto from 'node:crypto'
import { xrpc, XrpcError } from './xrpc.ts'

export interface AccountSession extends SandboxAccount {
  accessJwt: string
  displayName: string
}

/** Display names make the Branchline stand-in's `author.displayName` and the pages realistic. */
const DISPLAY_NAMES: Record<string, string> = {
  'reader.test': 'Rae Reader',
  'ada.test': 'Ada Okafor',
  'basil.test': 'Basil Reyes',
  'cleo.test': 'Cleo Marchetti',
}

const signup = (pdsUrl: string, handle: string, email: string) =>
  xrpc<{ did: string; handle: string; accessJwt: string }>(pdsUrl, 'com.atproto.server.createAccount', {
    body: { handle, email, password: SANDBOX_PASSWORD },
  })

export async function createAccount(pdsUrl: string, handle: string, adminAuth: string): Promise<AccountSession> {
  const email = `${handle.split('.')[0]}@example.com`
  let res
  try {
    res = await signup(pdsUrl, handle, email)
  } catch (err) {
    // The reference PDS reserves some names for signup ("reader" among them). Like an operator
    // would, sign up under a placeholder and let the admin API assign the wanted handle; that
    // updates the DID document in the PLC too, so the handle resolves both ways.
    if (!(err instanceof XrpcError && err.error === 'HandleNotAvailable')) throw err
    res = await signup(pdsUrl, `tmp-${crypto.randomBytes(4).toString('hex')}.test`, email)
    await xrpc(pdsUrl, 'com.atproto.admin.updateAccountHandle', {
      headers: { authorization: adminAuth },
      body: { did: res.did, handle },
    })
    res = { ...res, handle }
  }
  const displayName = DISPLAY_NAMES[handle] ?? handle
  await xrpc(pdsUrl, 'com.atproto.repo.createRecord', {
    token: res.accessJwt,
    body: {
      repo: res.did,
      collection: 'app.bsky.actor.profile',
      rkey: 'self',
      record: { $type: 'app.bsky.actor.profile', displayName, createdAt: new Date().toISOString() },
    },
  })
  return { handle: res.handle, did: res.did, password: SANDBOX_PASSWORD, accessJwt: res.accessJwt, displayName }
}

export async function createSandboxAccounts(
  pdsUrl: string,
  adminAuth: string,
): Promise<{ reader: AccountSession; writers: AccountSession[] }> {
  // In parallel: each signup spends most of its time hashing the password.
  const [reader, ...writers] = await Promise.all(
    [SANDBOX_ACCOUNTS.reader, ...SANDBOX_ACCOUNTS.writers].map((h) => createAccount(pdsUrl, h, adminAuth)),
  )
  return { reader: reader!, writers }
}

/** A fresh session for an existing account (e.g. after a PDS restart, or in a test). */
export async function login(
  pdsUrl: string,
  identifier: string,
  password = SANDBOX_PASSWORD,
): Promise<{ did: string; handle: string; accessJwt: string; refreshJwt: string }> {
  return xrpc(pdsUrl, 'com.atproto.server.createSession', { body: { identifier, password } })
}
