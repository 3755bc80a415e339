import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { control } from '../../setup/sandbox.ts'
import { launchChromiumDriver } from './chromium-driver.ts'
import type { HostileDriver } from './driver.ts'
import { HOSTILE_PAGES } from './pages.ts'
import { runHostilePage } from './run.ts'
import { createWorld, type World } from './world.ts'

// Web pages attack Tendril in real Chromium, one after another in one browser (pages.ts says what
// each does and how it proves its attack arrived). Pages run in order: the first runs signed out;
// each "while signing in" page finishes a real sign-in after its attack, so the rest attack a
// signed-in reader (and, later, several accounts).
describe('hostile pages (Chromium)', () => {
  const sandbox = inject('sandbox')
  let driver: HostileDriver
  let world: World
  let cleanup: (() => Promise<void>) | undefined

  beforeAll(async () => {
    driver = await launchChromiumDriver({ extensionPath: inject('extensionPath'), sandbox })
    const created = await createWorld(sandbox, driver.extensionOrigin.replace(/^chrome-extension:\/\//, ''))
    world = created.world
    cleanup = created.cleanup
  })
  afterAll(async () => {
    await driver?.close()
    await cleanup?.()
    // Later test files share this PDS and count live OAuth tokens: leave none of ours behind.
    for (const account of [sandbox.seed.reader, ...sandbox.seed.writers]) {
      await control('POST', `/pds/revoke-oauth-tokens?did=${encodeURIComponent(account.did)}`)
    }
  })

  // HOSTILE_ONLY=<name>,<name>: just those pages, and the sign-in pages (so the same accounts are
  // signed in as in a full run). For working on a page; `npm test` runs them all.
  const only = process.env.HOSTILE_ONLY?.split(',')
  const pages = only ? HOSTILE_PAGES.filter((p) => p.signInWaiting || only.includes(p.name)) : HOSTILE_PAGES
  it.each(pages.map((page) => [page.name, page] as const))(
    '%s: Tendril’s state, requests, pages and consoles stay clean, and the attack provably arrived',
    async (_name, page) => {
      expect(await runHostilePage(driver, world, page)).toEqual([])
    },
  )
})
