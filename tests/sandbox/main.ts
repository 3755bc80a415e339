// `npm run sandbox`: starts the sandbox network, prints exactly one JSON line (SandboxReady) on
// stdout, logs on stderr, and stops cleanly on SIGTERM/SIGINT or when its parent goes away.
import { onShutdown } from './lifecycle.ts'

// When the parent dies, our stdout/stderr pipes break: writes then fail with EPIPE. Those errors
// must not become uncaught exceptions (each one would log, fail again, and spin while we stop).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {})
const log = (msg: string) => {
  if (process.stderr.writable) process.stderr.write(`[sandbox] ${msg}\n`)
}

// stdout carries only the ready line. The PDS and PLC log with pino to stdout when LOG_ENABLED is
// set; send that to stderr instead. Must happen before their modules load (they read env at import).
if (process.env.LOG_ENABLED && !process.env.LOG_DESTINATION) process.env.LOG_DESTINATION = '/dev/stderr'

let stop: (() => Promise<void>) | undefined
onShutdown(async () => {
  await stop?.()
}, log)

const { startSandbox } = await import('./sandbox.ts')
let sandbox: Awaited<ReturnType<typeof startSandbox>>
try {
  sandbox = await startSandbox({ log })
} catch (err) {
  // startSandbox has already closed whatever it had started.
  log(`failed to start: ${(err as Error).stack ?? err}`)
  process.exit(1)
}
stop = sandbox.stop

process.stdout.write(`${JSON.stringify(sandbox.ready)}\n`)
const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024)
log(
  `ready in ${Math.round(performance.now())} ms since process start (${Object.entries(sandbox.timings)
    .map(([k, v]) => `${k} ${v} ms`)
    .join(', ')}); rss ${rssMb} MB; control ${sandbox.ready.controlUrl}`,
)
