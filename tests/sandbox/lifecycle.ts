// Process lifecycle for the standalone sandbox (main.ts): stop cleanly on SIGTERM/SIGINT/SIGHUP, and
// also when whoever started us goes away without saying so — a test runner killed with SIGKILL must
// not leave a PDS holding the sandbox ports. Two independent signals of a dead parent:
// - the parent pid changes (we were re-parented to init or a subreaper), checked every 500 ms;
// - stdin, when it is a pipe from the parent, reaches end-of-file (the parent's end closed). Node's
//   child_process pipes are socketpairs, shell pipes are FIFOs; a TTY or /dev/null is neither, and
//   /dev/null would report EOF at once, so only those two kinds are watched.
import fs from 'node:fs'

export function onShutdown(stop: (reason: string) => Promise<void>, log: (msg: string) => void): void {
  let stopping = false
  const shutdown = (reason: string, code: number) => {
    if (stopping) return
    stopping = true
    log(`stopping: ${reason}`)
    // A stop that hangs must not keep the ports forever.
    const force = setTimeout(() => {
      log('stop took over 10 s; exiting anyway')
      process.exit(code || 1)
    }, 10_000)
    force.unref()
    stop(reason)
      .catch((err) => {
        log(`error while stopping: ${(err as Error).stack ?? err}`)
        code = code || 1
      })
      .finally(() => process.exit(code))
  }

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal, 0))
  process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return // a closed stdout/stderr: the parent is gone, handled below
    log(`uncaught exception: ${err.stack ?? err}`)
    shutdown('uncaught exception', 1)
  })
  process.on('unhandledRejection', (err) => {
    log(`unhandled rejection: ${(err as Error)?.stack ?? err}`)
    shutdown('unhandled rejection', 1)
  })

  const parent = process.ppid
  const timer = setInterval(() => {
    if (process.ppid !== parent) shutdown(`parent process ${parent} is gone`, 0)
  }, 500)
  timer.unref()

  let stdinIsPipe = false
  try {
    const stat = fs.fstatSync(0)
    stdinIsPipe = stat.isFIFO() || stat.isSocket()
  } catch {
    // no stdin at all
  }
  if (stdinIsPipe) {
    process.stdin.on('end', () => shutdown('stdin closed by the parent', 0))
    process.stdin.on('error', () => shutdown('stdin error', 0))
    process.stdin.resume()
  }
}
