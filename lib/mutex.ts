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
