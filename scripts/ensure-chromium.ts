import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

// The e2e tests and `npm start` drive Debian's Chromium (Puppeteer cannot download browsers
// here). Installed on demand: as root this runs apt-get itself; otherwise it stops with the exact
// command to run.
const CHROMIUM = process.env.TENDRIL_CHROMIUM ?? '/usr/bin/chromium'

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return
  const command = 'apt-get update && apt-get install -y chromium'
  if (process.getuid?.() !== 0) {
    console.error(`tendril: Chromium is missing (${CHROMIUM}). Install it with:\n\n  sudo sh -c '${command}'\n`)
    process.exit(1)
  }
  console.error(`tendril: installing Debian's Chromium (${command})`)
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    if (result.status !== 0) {
      console.error(`tendril: apt-get ${args.join(' ')} failed (exit ${result.status})`)
      process.exit(1)
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`tendril: apt-get installed chromium but ${CHROMIUM} is still missing`)
    process.exit(1)
  }
}

if (import.meta.main) ensureChromium()
