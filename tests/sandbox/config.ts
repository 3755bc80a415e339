// Where the sandbox network listens and who lives in it. Shared by the sandbox itself, the sandbox
// build of the extension (wxt.config.ts) and the test harness, so the three always agree.
// Every port is fixed by default and overridable with an environment variable, because the sandbox
// build of the extension is compiled knowing where its PDS and PLC are.

export interface SandboxPorts {
  plc: number
  pds: number
  branchline: number
  chive: number
  web: number
  control: number
}

const DEFAULT_PORTS: SandboxPorts = {
  plc: 2582,
  pds: 2583,
  branchline: 2584,
  chive: 2585,
  web: 2586,
  control: 2587,
}

export function sandboxPorts(env: Record<string, string | undefined> = process.env): SandboxPorts {
  const port = (name: keyof SandboxPorts, variable: string): number => {
    const raw = env[variable]
    if (raw === undefined || raw === '') return DEFAULT_PORTS[name]
    const value = Number(raw)
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      throw new Error(`${variable}=${raw} is not a TCP port`)
    }
    return value
  }
  return {
    plc: port('plc', 'TENDRIL_SANDBOX_PLC_PORT'),
    pds: port('pds', 'TENDRIL_SANDBOX_PDS_PORT'),
    branchline: port('branchline', 'TENDRIL_SANDBOX_BRANCHLINE_PORT'),
    chive: port('chive', 'TENDRIL_SANDBOX_CHIVE_PORT'),
    web: port('web', 'TENDRIL_SANDBOX_WEB_PORT'),
    control: port('control', 'TENDRIL_SANDBOX_CONTROL_PORT'),
  }
}

/** Loopback URLs of the sandbox services. The PDS must be `localhost` (any other hostname makes the
 * reference PDS insist on https). */
export function sandboxUrls(ports: SandboxPorts = sandboxPorts()) {
  return {
    plcUrl: `http://127.0.0.1:${ports.plc}`,
    pdsUrl: `http://localhost:${ports.pds}`,
    branchlineUrl: `http://127.0.0.1:${ports.branchline}`,
    chiveUrl: `http://127.0.0.1:${ports.chive}`,
    controlUrl: `http://127.0.0.1:${ports.control}`,
  }
}

/** The real hostnames the sandbox serves pages for over HTTPS on the `web` port. Chromium reaches
 * them through `--host-resolver-rules`, so the shipped manifest's match patterns are what runs.
 * `reading-notes.example` is the unrelated blog that links to buds and eprints. The last two are
 * test-only attackers for the hostile-page suite (tests/e2e/hostile): `hostile.example` serves
 * attack pages and the beacons they call, `branchline.ink.example.test` is a lookalike host that
 * serves Branchline's bud pages (Tendril must not treat it as Branchline). */
export const SANDBOX_HOSTS = [
  'branchline.ink',
  'chive.pub',
  'api.chive.pub',
  'bsky.app',
  'whtwnd.com',
  'leaflet.pub',
  'semble.so',
  'reading-notes.example',
  'hostile.example',
  'branchline.ink.example.test',
] as const

export type SandboxHost = (typeof SANDBOX_HOSTS)[number]

/** Chromium's `--host-resolver-rules` value mapping every sandbox hostname to the web port. */
export function hostResolverRules(ports: SandboxPorts = sandboxPorts()): string {
  const maps = SANDBOX_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${ports.web}`)
  return [...maps, 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'].join(', ')
}

/** Chive's service DID. Chive's verifier requires `aud` to equal it exactly. */
export const CHIVE_SERVICE_DID = 'did:web:chive.pub'

/** One password for every sandbox account: it is a local, throwaway world. */
export const SANDBOX_PASSWORD = 'tendril-sandbox'

/** The reader signs in with Tendril; the writers author buds, eprints and the citing records. */
export const SANDBOX_ACCOUNTS = {
  reader: 'reader.test',
  writers: ['ada.test', 'basil.test', 'cleo.test'],
} as const
