// Small HTTP helpers shared by the sandbox's own servers (stand-ins, control). Everything listens on
// 127.0.0.1 only: the sandbox must never be reachable from outside the machine.
import http from 'node:http'

export const LOOPBACK = '127.0.0.1'

/** Listens on 127.0.0.1:port; rejects (instead of crashing the process) when the port is taken. */
export function listenLoopback(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${LOOPBACK}:${port} is already in use (another sandbox running?)`)
          : err,
      )
    }
    const onListening = () => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, LOOPBACK)
  })
}

/** Closes a server and drops its keep-alive connections, so a stop never waits for idle clients. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** Reads a request body as text (capped, so a runaway client cannot exhaust memory). */
export async function readBody(req: http.IncomingMessage, limit = 256 * 1024): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new Error('request body too large')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** CORS headers for the AppView stand-ins. The real services restrict CORS (Branchline is
 * same-origin, Chive admits its own origins), but Tendril calls them from its background worker
 * with host permission, where CORS does not apply; permissive headers keep page-context debugging
 * and any future content-script fetches from failing for a reason production would not have. */
export const PERMISSIVE_CORS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, atproto-proxy, atproto-accept-labelers',
  'access-control-max-age': '600',
}
