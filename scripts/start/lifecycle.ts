// Orderly shutdown for `npm start` and `npm run bench`: everything started registers a closer;
// on success, failure or a signal they run once, newest first, then the process exits.

export interface Lifecycle {
  /** Register something to stop (closed in reverse order of registration). */
  add(what: string, close: () => Promise<void> | void): void
  /** Closes everything and exits with `code`; later calls wait for the first one. */
  shutdown(code: number, why?: string): Promise<never>
  readonly stopping: boolean
  /** Puppeteer installs its own SIGINT handler that kills Chromium and calls process.exit(130) at
   * once, which would leave the sandbox and Chromium's temporary profile behind (SIGTERM/SIGHUP:
   * it closes Chromium under our feet). The harness does not pass `handleSIGINT: false` & co, so
   * call this after a launch: it removes every signal handler that is not ours. */
  keepOnlyOurSignalHandlers(): void
}

export function createLifecycle(options: {
  log: (msg: string) => void
  /** Exit code for a signal (default 128 + its number). */
  exitCodeFor?: (signal: NodeJS.Signals) => number
}): Lifecycle {
  const closers: { what: string; close: () => Promise<void> | void }[] = []
  let stopping = false
  const never = new Promise<never>(() => {})

  async function shutdown(code: number, why?: string): Promise<never> {
    if (stopping) return never
    stopping = true
    if (why) options.log(why)
    const force = setTimeout(() => {
      options.log('shutting down took over 30 s; exiting anyway')
      process.exit(code || 1)
    }, 30_000)
    force.unref()
    for (const { what, close } of closers.reverse()) {
      try {
        await close()
      } catch (err) {
        options.log(`could not stop ${what}: ${(err as Error).message}`)
      }
    }
    process.exit(code)
  }

  const SIGNAL_NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }
  let signals = 0
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      options.log(`${signal} again: exiting without waiting`)
      process.exit(1)
    }
    const code = options.exitCodeFor?.(signal) ?? 128 + (SIGNAL_NUMBERS[signal] ?? 0)
    void shutdown(code, `${signal}: stopping Chromium and the sandbox…`)
  }
  const signalNames = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const signal of signalNames) process.on(signal, onSignal)

  return {
    add: (what, close) => void closers.push({ what, close }),
    shutdown,
    get stopping() {
      return stopping
    },
    keepOnlyOurSignalHandlers() {
      for (const signal of signalNames) {
        for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener)
      }
    },
  }
}
