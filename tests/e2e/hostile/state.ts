// "Unchanged state": what a hostile page must never alter — the accounts, the active account, any
// sign-in in progress, and the settings — read the way the product exposes them.

import type { AuthState } from '../../../lib/messages.ts'
import type { HostileDriver } from './driver.ts'

export interface TendrilState {
  auth: AuthState
  settings: Record<string, unknown>
}

/**
 * The settings as the product keeps them. Today the options page reads `storage.local`
 * (`settings.autoBacklink`, WXT storage); once settings move into the worker this becomes the one
 * line `return (await driver.send({ type: 'settings.get' })).value` ({autoBacklink: boolean}).
 */
async function readSettings(driver: HostileDriver): Promise<Record<string, unknown>> {
  return driver.readStoredSettings()
}

export async function snapshotState(driver: HostileDriver): Promise<TendrilState> {
  const auth = await driver.send({ type: 'auth.state' })
  if (!auth.ok) throw new Error(`auth.state failed: ${auth.error.message}`)
  return { auth: auth.value, settings: await readSettings(driver) }
}
