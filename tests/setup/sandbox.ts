// For tests in the integration and e2e projects: the running sandbox's ready line.
import { inject } from 'vitest'
import type {} from './sandbox.global.ts' // the ProvidedContext declaration
import type { SandboxReady } from '../sandbox/types.ts'

export type { SandboxReady }

export function useSandbox(): SandboxReady {
  const ready = inject('sandbox')
  if (!ready) {
    throw new Error('no sandbox: run this test in the integration or e2e project (tests/setup/sandbox.global.ts)')
  }
  return ready
}

/** Calls the sandbox's control server (tests/sandbox/control.ts), e.g. `control('POST', '/pds/stop')`. */
export async function control<T = any>(method: 'GET' | 'POST', path: string): Promise<T> {
  const res = await fetch(new URL(path, useSandbox().controlUrl), { method })
  const body = (await res.json()) as T
  if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${JSON.stringify(body)}`)
  return body
}
