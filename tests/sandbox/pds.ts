// The sandbox PDS: the real @atproto/pds (with its real OAuth authorization server) in dev mode.
// It can be stopped and started again within a run, keeping accounts, records and identities:
// the data directory, the blobstore and every secret (JWT, DPoP, PLC rotation key) are fixed for the
// whole run, and the repo signing keys live in the data directory. So sessions and OAuth tokens
// issued before a restart stay valid after it, as they would on a real PDS that restarts.
import crypto from 'node:crypto'
import fs from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { Secp256k1Keypair } from '@atproto/crypto'
import { PDS, envToCfg, envToSecrets, type ServerEnvironment } from '@atproto/pds'
import { closeServer, LOOPBACK } from './net.ts'

export interface PdsController {
  /** http://localhost:<port> — the PDS's own public URL (any hostname but localhost forces https). */
  url: string
  readonly running: boolean
  /** `Authorization` value for the PDS's admin XRPC methods (com.atproto.admin.*). */
  adminAuth: string
  /** The live instance, or undefined while stopped. */
  readonly instance: PDS | undefined
  start(): Promise<void>
  stop(): Promise<void>
  /** The PDS's own OAuth tokens for `did`, from its account database (`token` table): `total` rows,
   * `live` those whose access token has not expired. Revoked tokens are deleted rows. */
  oauthTokens(did: string): Promise<{ live: number; total: number }>
  /** Revokes every OAuth token of `did` the way the account's own "connected apps" page does
   * (the provider's tokenManager.deleteToken): the reader revoking Tendril from elsewhere. */
  revokeOauthTokens(did: string): Promise<number>
}

export async function createPdsController(opts: {
  port: number
  plcUrl: string
  dataDir: string
  /** Called with the PDS's http server after every (re)start, before it serves a request: where the
   * write-fault levers put themselves in front of its listeners (write-faults.ts). */
  onServer?: (server: http.Server) => void
}): Promise<PdsController> {
  fs.mkdirSync(opts.dataDir, { recursive: true })
  const rotationKey = await Secp256k1Keypair.create({ exportable: true })
  const env: ServerEnvironment = {
    devMode: true, // else the OAuth provider insists on https resource URLs
    hostname: 'localhost',
    port: opts.port,
    didPlcUrl: opts.plcUrl,
    dataDirectory: opts.dataDir,
    blobstoreDiskLocation: path.join(opts.dataDir, 'blobs'),
    serviceHandleDomains: ['.test'],
    inviteRequired: false,
    // No AppView, moderation or crawlers: the PDS must contact nothing outside loopback.
    crawlers: [],
    jwtSecret: crypto.randomBytes(32).toString('hex'),
    // Fixed for the run so DPoP nonces issued before a restart still verify after it.
    dpopSecret: crypto.randomBytes(32).toString('hex'),
    adminPassword: crypto.randomBytes(16).toString('hex'),
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotationKey.export()).toString('hex'),
    serviceName: 'Tendril sandbox PDS',
  }
  const cfg = envToCfg(env)
  const secrets = envToSecrets(env)

  let pds: PDS | undefined
  let server: http.Server | undefined
  // Serialise start/stop so overlapping control requests cannot interleave.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }

  const start = () =>
    serial(async () => {
      if (pds) return
      const created = await PDS.create(cfg, secrets)
      try {
        await created.ctx.sequencer.start()
        // PDS.start() would listen on every interface. We call the express app's listen (not
        // http.createServer) because the XRPC router patches app.listen to wire up websocket
        // upgrades (com.atproto.sync.subscribeRepos).
        server = await new Promise<http.Server>((resolve, reject) => {
          const s = created.app.listen(opts.port, LOOPBACK)
          s.once('listening', () => resolve(s))
          s.once('error', reject)
        })
        server.keepAliveTimeout = 90_000
        // Right after 'listening' (microtasks, before the event loop polls again): no connection
        // has been accepted yet, so no write can slip past the levers.
        opts.onServer?.(server)
        pds = created
      } catch (err) {
        await created.destroy().catch(() => undefined)
        throw err
      }
    })

  const stop = () =>
    serial(async () => {
      if (!pds) return
      const current = pds
      pds = undefined
      if (server) await closeServer(server)
      server = undefined
      await current.destroy()
    })

  return {
    url: `http://localhost:${opts.port}`,
    adminAuth: `Basic ${Buffer.from(`admin:${env.adminPassword}`).toString('base64')}`,
    get running() {
      return pds !== undefined
    },
    get instance() {
      return pds
    },
    start,
    stop,
    async oauthTokens(did) {
      if (!pds) throw new Error('the PDS is stopped')
      const rows = await pds.ctx.accountManager.db.db
        .selectFrom('token')
        .select(['expiresAt'])
        .where('did', '=', did as `did:${string}:${string}`)
        .execute()
      const now = Date.now()
      return { live: rows.filter((row) => Date.parse(row.expiresAt) > now).length, total: rows.length }
    },
    async revokeOauthTokens(did) {
      const provider = pds?.ctx.oauthProvider
      if (!pds || !provider) throw new Error('the PDS is stopped')
      const rows = await pds.ctx.accountManager.db.db
        .selectFrom('token')
        .select(['tokenId'])
        .where('did', '=', did as `did:${string}:${string}`)
        .execute()
      for (const row of rows) await provider.tokenManager.deleteToken(row.tokenId)
      return rows.length
    },
  }
}
