// The sandbox's PLC directory: the real @did-plc/server with its in-memory database, so every
// account gets a genuine did:plc (signed genesis op, resolvable DID document) and nothing persists
// beyond the process. PlcServer.start() would listen on all interfaces; we mount its express app on
// our own loopback server instead.
import http from 'node:http'
import { Database, PlcServer } from '@did-plc/server'
import { closeServer, listenLoopback } from './net.ts'

export interface PlcHandle {
  url: string
  close(): Promise<void>
}

export async function startPlc(opts: { port: number }): Promise<PlcHandle> {
  const db = Database.mock()
  const plc = PlcServer.create({ db, port: opts.port })
  const server = http.createServer(plc.app)
  await listenLoopback(server, opts.port)
  return {
    url: `http://127.0.0.1:${opts.port}`,
    async close() {
      await closeServer(server)
      await db.close()
    },
  }
}
