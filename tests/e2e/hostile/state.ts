// "Unchanged state": what a hostile page must never alter — the accounts, the active account, any
// sign-in in progress, and the settings — read the way the product exposes them.

import type { AuthState } from '../../../lib/messages.ts'
import type { HostileDriver } from './driver.ts'

export interface TendrilState {
  auth: AuthState
  settings: Record<string, unknown>
}

/** The settings as the worker reports them (it alone keeps them, in its IndexedDB). */
async function readSettings(driver: HostileDriver): Promise<Record<string, unknown>> {
  const reply = await driver.send({ type: 'settings.get' })
  if (!reply.ok) throw new Error(`settings.get failed: ${JSON.stringify(reply.error)}`)
  return { ...reply.value }
}

export async function snapshotState(driver: HostileDriver): Promise<TendrilState> {
  const auth = await driver.send({ type: 'auth.state' })
  if (!auth.ok) throw new Error(`auth.state failed: ${auth.error.message}`)
  return { auth: auth.value, settings: await readSettings(driver) }
}
