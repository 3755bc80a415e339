// One-at-a-time sections inside a single context (the worker). Each caller runs after the previous
// one settled, whatever its outcome. Used where a check and the change it guards must not interleave
// with another caller's (e.g. "is a sign-in waiting?" then "this one is waiting").
export type Mutex = <T>(fn: () => Promise<T>) => Promise<T>

export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve()
  return (fn) => {
    const run = tail.then(fn)
    tail = run.catch(() => undefined)
    return run
  }
}

/** One lock per name, in this context only: where navigator.locks is missing (Node tests), the
 * fallback for a lock that must span the extension's contexts. */
export function createNamedMutexes(): <T>(name: string, fn: () => Promise<T>) => Promise<T> {
  const mutexes = new Map<string, Mutex>()
  return (name, fn) => {
    let mutex = mutexes.get(name)
    if (!mutex) mutexes.set(name, (mutex = createMutex()))
    return mutex(fn)
  }
}
