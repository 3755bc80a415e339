// A tiny sandbox for the web server's own tests, started in-process so they do not depend on the
// full sandbox: a real PLC (in-memory) and a real PDS on loopback, accounts with `.test` handles,
// a fake Branchline AppView that answers getBranch/getBuds from the PDS, and a fake Chive that
// records what reaches it. Then the web server under test, and an HTTPS client that connects to
// 127.0.0.1 with the real hostname as SNI/Host and the generated certificate as its only CA.

import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Secp256k1Keypair } from '@atproto/crypto'
import { Database as PlcDatabase, PlcServer } from '@did-plc/server'
import * as pdsModule from '@atproto/pds'
import type { SandboxAccount, SeedManifest } from '../../sandbox/types.ts'
import { startWebServer, type WebServer } from '../../sandbox/web/server.ts'

const { PDS, envToCfg, envToSecrets } = pdsModule

export const PASSWORD = 'web-test-password'

async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export interface Account extends SandboxAccount {
  accessJwt: string
}

export interface CreatedRecord {
  uri: string
  cid: string
}

export interface ChiveHit {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface FetchedPage {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

export interface World {
  pdsUrl: string
  plcUrl: string
  webPort: number
  tmpDir: string
  certificate: string
  web: WebServer
  /** Requests that reached the fake Chive. */
  chiveHits: ChiveHit[]
  createAccount(handle: string): Promise<Account>
  createRecord(account: Account, collection: string, record: Record<string, unknown>, rkey?: string): Promise<CreatedRecord>
  putRecord(account: Account, collection: string, rkey: string, record: Record<string, unknown>): Promise<CreatedRecord>
  uploadBlob(account: Account, bytes: Uint8Array, mimeType: string): Promise<unknown>
  /** Starts the web server with this seed (call once the records it names exist). */
  startWeb(seed: SeedManifest): Promise<void>
  /** GET (or another method) `https://<host><path>` through the web server. */
  fetchPage(host: string, pathAndQuery: string, init?: { method?: string; headers?: Record<string, string>; body?: string; servername?: string }): Promise<FetchedPage>
  close(): Promise<void>
}

async function xrpcPost<T>(pdsUrl: string, nsid: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${pdsUrl}/xrpc/${nsid}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as T
  if (!res.ok) throw new Error(`${nsid} failed: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** The Branchline AppView, faked from the PDS: enough of getBranch/getBuds for page rendering. */
function fakeBranchline(pdsUrl: string, dids: () => string[]): http.Server {
  type Bud = { uri: string; cid: string; value: { title?: string; text?: string; createdAt?: string; parent?: { uri: string } } }
  const load = async (): Promise<Map<string, Bud>> => {
    const all = new Map<string, Bud>()
    for (const did of dids()) {
      const res = await fetch(`${pdsUrl}/xrpc/com.atproto.repo.listRecords?repo=${did}&collection=ink.branchline.bud&limit=100`)
      const out = (await res.json()) as { records?: Bud[] }
      for (const r of out.records ?? []) all.set(r.uri, r)
    }
    return all
  }
  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    const buds = await load()
    if (url.pathname === '/xrpc/ink.branchline.getBranch') {
      const bud = url.searchParams.get('bud')
      if (!bud) return send(400, { error: 'InvalidRequest', message: 'bud is required' })
      const path: string[] = []
      let current = buds.get(bud)
      while (current) {
        path.unshift(current.uri)
        current = current.value.parent ? buds.get(current.value.parent.uri) : undefined
      }
      return send(200, { buds: path })
    }
    if (url.pathname === '/xrpc/ink.branchline.getBuds') {
      const uris = url.searchParams.getAll('uris')
      const views = uris.flatMap((uri) => {
        const b = buds.get(uri)
        if (!b) return []
        const did = uri.split('/')[2]!
        const children = [...buds.values()].filter((c) => c.value.parent?.uri === uri).map((c) => c.uri)
        return [
          {
            uri,
            cid: b.cid,
            title: b.value.title,
            text: b.value.text,
            createdAt: b.value.createdAt,
            parent: b.value.parent,
            author: { did, handle: `handle-of-${did.slice(-6)}.test` },
            children: children.length ? children : undefined,
          },
        ]
      })
      return send(200, { buds: views })
    }
    send(404, { error: 'MethodNotImplemented' })
  })
}

/** A Chive that records every request and answers backlink.list from what was created. */
function fakeChive(hits: ChiveHit[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
      const url = new URL(req.url ?? '/', 'http://x')
      res.writeHead(200, { 'content-type': 'application/json', 'x-fake-chive': 'yes' })
      if (url.pathname === '/xrpc/pub.chive.backlink.list') {
        const target = url.searchParams.get('targetUri')
        const created = hits
          .filter((h) => h.method === 'POST' && h.url.startsWith('/xrpc/pub.chive.backlink.create'))
          .map((h) => JSON.parse(h.body) as { sourceUri: string; sourceType: string; targetUri: string })
          .filter((b) => b.targetUri === target)
        res.end(JSON.stringify({ backlinks: created.map((b, id) => ({ id, ...b, indexedAt: new Date().toISOString(), deleted: false })), hasMore: false }))
        return
      }
      res.end(JSON.stringify({ echo: { method: req.method, path: url.pathname, authorization: req.headers.authorization ?? null, body } }))
    })
  })
}

export async function startWorld(): Promise<World> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'tendril-web-'))

  const plc = PlcServer.create({ db: PlcDatabase.mock() })
  const plcServer = plc.app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve) => plcServer.once('listening', () => resolve()))
  const plcUrl = `http://127.0.0.1:${(plcServer.address() as net.AddressInfo).port}`

  const pdsPort = await freePort()
  const rotation = await Secp256k1Keypair.create({ exportable: true })
  const env = {
    devMode: true,
    hostname: 'localhost',
    port: pdsPort,
    didPlcUrl: plcUrl,
    jwtSecret: 'web-test-jwt-secret',
    adminPassword: 'web-test-admin',
    plcRotationKeyK256PrivateKeyHex: Buffer.from(await rotation.export()).toString('hex'),
    dataDirectory: path.join(tmpDir, 'pds'),
    blobstoreDiskLocation: path.join(tmpDir, 'pds', 'blobs'),
    inviteRequired: false,
    serviceHandleDomains: ['.test'],
    bskyAppViewUrl: undefined,
    crawlers: [],
  }
  await mkdir(env.blobstoreDiskLocation, { recursive: true })
  const pds = await PDS.create(envToCfg(env), envToSecrets(env))
  await pds.ctx.sequencer.start()
  const pdsServer = pds.app.listen(pdsPort, '127.0.0.1')
  await new Promise<void>((resolve) => pdsServer.once('listening', () => resolve()))
  const pdsUrl = `http://localhost:${pdsPort}`

  const accounts: Account[] = []
  const branchline = fakeBranchline(pdsUrl, () => accounts.map((a) => a.did))
  const branchlinePort = await listen(branchline)
  const chiveHits: ChiveHit[] = []
  const chive = fakeChive(chiveHits)
  const chivePort = await listen(chive)

  const webPort = await freePort()
  let web: WebServer | undefined
  let certificate = ''

  const world: World = {
    pdsUrl,
    plcUrl,
    webPort,
    tmpDir,
    chiveHits,
    get certificate() {
      return certificate
    },
    get web() {
      if (!web) throw new Error('web server not started')
      return web
    },
    async createAccount(handle) {
      const out = await xrpcPost<{ did: string; accessJwt: string }>(pdsUrl, 'com.atproto.server.createAccount', {
        handle,
        email: `${handle}@example.com`,
        password: PASSWORD,
      })
      const account = { handle, did: out.did, password: PASSWORD, accessJwt: out.accessJwt }
      accounts.push(account)
      return account
    },
    async createRecord(account, collection, record, rkey) {
      return xrpcPost<CreatedRecord>(pdsUrl, 'com.atproto.repo.createRecord', { repo: account.did, collection, rkey, record }, account.accessJwt)
    },
    async putRecord(account, collection, rkey, record) {
      return xrpcPost<CreatedRecord>(pdsUrl, 'com.atproto.repo.putRecord', { repo: account.did, collection, rkey, record }, account.accessJwt)
    },
    async uploadBlob(account, bytes, mimeType) {
      const res = await fetch(`${pdsUrl}/xrpc/com.atproto.repo.uploadBlob`, {
        method: 'POST',
        headers: { 'content-type': mimeType, authorization: `Bearer ${account.accessJwt}` },
        body: Buffer.from(bytes),
      })
      const out = (await res.json()) as { blob: unknown }
      if (!res.ok) throw new Error(`uploadBlob failed: ${JSON.stringify(out)}`)
      return out.blob
    },
    async startWeb(seed) {
      web = await startWebServer({
        port: webPort,
        pdsUrl,
        plcUrl,
        branchlineUrl: `http://127.0.0.1:${branchlinePort}`,
        chiveUrl: `http://127.0.0.1:${chivePort}`,
        seed,
        tmpDir,
      })
      certificate = await readFile(web.certificatePath, 'utf8')
    },
    fetchPage(host, pathAndQuery, init = {}) {
      return new Promise((resolve, reject) => {
        const req = https.request(
          {
            host: '127.0.0.1',
            port: webPort,
            servername: init.servername ?? host,
            ca: certificate,
            method: init.method ?? 'GET',
            path: pathAndQuery,
            headers: { host, ...init.headers },
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end(init.body)
      })
    },
    async close() {
      await web?.close()
      await closeServer(branchline)
      await closeServer(chive)
      await closeServer(pdsServer)
      await pds.ctx.destroy()
      await closeServer(plcServer)
      await plc.ctx.db.close()
      await rm(tmpDir, { recursive: true, force: true })
    },
  }
  return world
}
