import { existsSync } from 'node:fs'

// Debian's Chromium: Puppeteer cannot download browsers here, and the real package is what a
// reader's Linux machine runs. `npm test` / `npm start` install it (scripts/ensure-chromium.sh).
export const CHROMIUM_PATH = process.env.TENDRIL_CHROMIUM ?? '/usr/bin/chromium'

export function assertChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Run: apt-get update && apt-get install -y chromium ` +
        '(npm test and npm start do this for you when run as root).',
    )
  }
  return CHROMIUM_PATH
}

/** Flags for a quiet, self-contained Chromium that reaches the sandbox at the real hostnames. */
export function chromiumArgs(hostResolverRules: string): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=Translate,MediaRouter,OptimizationHints',
    `--host-resolver-rules=${hostResolverRules}`,
    // The sandbox's HTTPS certificate is generated at start; only sandbox runs pass this flag.
    '--ignore-certificate-errors',
    '--window-size=1200,900',
  ]
}
