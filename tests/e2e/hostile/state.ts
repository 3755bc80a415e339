// "Unchanged state": what a hostile page must never alter — the accounts, the active account, any
// sign-in in progress, and the settings — read the way the product exposes them.

import type { AuthState } from '../../../lib/messages.ts'
import type { HostileDriver } from './driver.ts'

export interface TendrilState {
  auth: AuthState
  settings: Record<string, unknown>
}

/**
 * The settings as the worker reports them (`settings.get` → `{autoBacklink}`, once settings live in
 * the worker's IndexedDB). A build from before that move refuses the message type; then the
 * settings are where its options page reads them (`storage.local`, `settings.*`). Delete the
 * fallback once every build answers `settings.get`.
 */
async function readSettings(driver: HostileDriver): Promise<Record<string, unknown>> {
  const reply = (await driver.send({ type: 'settings.get' } as never)) as { ok: boolean; value?: unknown; error?: { code: string } }
  if (reply.ok) return { ...(reply.value as Record<string, unknown>) }
  if (reply.error?.code !== 'InvalidMessage') throw new Error(`settings.get failed: ${JSON.stringify(reply.error)}`)
  return driver.readStoredSettings()
}

export async function snapshotState(driver: HostileDriver): Promise<TendrilState> {
  const auth = await driver.send({ type: 'auth.state' })
  if (!auth.ok) throw new Error(`auth.state failed: ${auth.error.message}`)
  return { auth: auth.value, settings: await readSettings(driver) }
}
