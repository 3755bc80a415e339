// startSandbox(): the whole sandbox network in this process — PLC, PDS (seeded), the Branchline and
// Chive stand-ins, the control server and (last) the HTTPS page server — on 127.0.0.1 at the ports
// from config.ts. main.ts wraps it as `npm run sandbox`; tests may also run it in-process.
// All state lives in one temp directory, removed by stop() (and, as a last resort, at process exit).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AccountSession } from './accounts.ts'
import { startBranchlineAppView, type BranchlineHandle } from './branchline-appview.ts'
import { startChiveAppView, type ChiveHandle } from './chive-appview.ts'
import { CHIVE_SERVICE_DID, hostResolverRules, SANDBOX_HOSTS, sandboxPorts, sandboxUrls, type SandboxPorts } from './config.ts'
import { startControlServer } from './control.ts'
import { createPdsController, type PdsController } from './pds.ts'
import { createRequestLog, watchRequests, type RequestLog } from './request-log.ts'
import { startPlc, type PlcHandle } from './plc.ts'
import { seedSandbox } from './seed/index.ts'
import type { SandboxReady } from './types.ts'
import { startWebServer } from './web/server.ts'
import { createWriteFaults, type FaultService, type WriteFaults } from './write-faults.ts'

export interface StartSandboxOptions {
  ports?: SandboxPorts
  /** Where log lines go (default: stderr). */
  log?: (msg: string) => void
  /** Parent directory for the sandbox's temp directory (default: the OS temp dir). */
  tmpRoot?: string
  /** Start the HTTPS page server (default true; without it `web.certificatePath` is ''). */
  web?: boolean
}

export interface SandboxHandle {
  ready: SandboxReady
  ports: SandboxPorts
  tmpDir: string
  plc: PlcHandle
  pds: PdsController
  branchline: BranchlineHandle
  chive: ChiveHandle
  /** Every request the sandbox's servers received (control server excluded). */
  requests: RequestLog
  /** The write-fault levers of the PDS and the Chive stand-in (write-faults.ts). */
  faults: Record<FaultService, WriteFaults>
  /** Sessions created while seeding (access tokens expire after a while; log in again if needed). */
  sessions: { reader: AccountSession; writers: AccountSession[] }
  timings: Record<string, number>
  stop(): Promise<void>
}

const stderrLog = (msg: string) => process.stderr.write(`[sandbox] ${msg}\n`)

export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxHandle> {
  const ports = options.ports ?? sandboxPorts()
  const log = options.log ?? stderrLog
  const urls = sandboxUrls(ports)
  const timings: Record<string, number> = {}
  let t = performance.now()
  const lap = (what: string) => {
    const now = performance.now()
    timings[what] = Math.round(now - t)
    t = now
  }

  const tmpDir = fs.mkdtempSync(path.join(options.tmpRoot ?? os.tmpdir(), 'tendril-sandbox-'))
  // Last resort if the process ends without stop(): synchronous removal still runs on 'exit'.
  const removeTmp = () => fs.rmSync(tmpDir, { recursive: true, force: true })
  process.on('exit', removeTmp)

  // Everything started so far, closed in reverse order on stop() or on a failed start.
  const closers: { name: string; close: () => Promise<void> }[] = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    const errors: unknown[] = []
    for (const { name, close } of closers.reverse()) {
      try {
        await close()
      } catch (err) {
        errors.push(err)
        log(`error closing ${name}: ${(err as Error).message}`)
      }
    }
    removeTmp()
    process.off('exit', removeTmp)
    if (errors.length) throw errors[0]
  }

  try {
    // Watch before anything listens, so no request is missed (tests/sandbox/request-log.ts).
    const requests = createRequestLog()
    const services = new Map<number, string>([
      [ports.plc, 'plc'],
      [ports.pds, 'pds'],
      [ports.branchline, 'branchline'],
      [ports.chive, 'chive'],
      [ports.web, 'web'],
    ])
    const unwatch = watchRequests(requests, services)
    closers.push({ name: 'request log', close: async () => unwatch() })
    // The levers outlive server restarts; each (re)started server gets them in front of its
    // listeners (onServer below). Faults are marked on the request log's entries.
    const onFault = (req: object, kind: 'failed' | 'dropped' | 'held') => requests.noteFault(req, kind)
    const faults: Record<FaultService, WriteFaults> = {
      pds: createWriteFaults('pds', { onFault, log }),
      chive: createWriteFaults('chive', { onFault, log }),
    }
    // Nothing held may keep the process waiting at stop.
    closers.push({ name: 'write faults', close: async () => Object.values(faults).forEach((f) => f.reset()) })
    const plc = await startPlc({ port: ports.plc })
    closers.push({ name: 'plc', close: plc.close })
    lap('plc')

    // The PDS resolves DIDs through a fetch that refuses IP-literal hosts even in dev mode
    // (allowIpHost: false), so it must reach the PLC by name, not as 127.0.0.1.
    const pds = await createPdsController({
      port: ports.pds,
      plcUrl: `http://localhost:${ports.plc}`,
      dataDir: path.join(tmpDir, 'pds'),
      onServer: (server) => faults.pds.install(server),
    })
    await pds.start()
    closers.push({ name: 'pds', close: pds.stop })
    lap('pds')

    const seeded = await seedSandbox(pds.url, pds.adminAuth, log)
    lap('seed')

    const branchline = await startBranchlineAppView({ port: ports.branchline, pdsUrl: pds.url, log })
    closers.push({ name: 'branchline', close: branchline.close })
    const chive = await startChiveAppView({
      port: ports.chive,
      plcUrl: plc.url,
      serviceDid: CHIVE_SERVICE_DID,
      log,
      backlinks: seeded.chiveBacklinks,
      onServer: (server) => faults.chive.install(server),
    })
    closers.push({ name: 'chive', close: chive.close })
    lap('appviews')

    let ready: SandboxReady | undefined
    const control = await startControlServer(ports.control, { pds, chive, branchline, requests, faults, ready: () => ready, log })
    closers.push({ name: 'control', close: control.close })

    // The page server goes last: it renders from everything above.
    let certificatePath = ''
    if (options.web !== false) {
      const web = await startWebServer({
        port: ports.web,
        pdsUrl: pds.url,
        plcUrl: plc.url,
        branchlineUrl: branchline.url,
        chiveUrl: chive.url,
        seed: seeded.manifest,
        tmpDir,
      })
      closers.push({ name: 'web', close: web.close })
      certificatePath = web.certificatePath
    }
    lap('web')

    ready = {
      ready: true,
      plcUrl: plc.url,
      pdsUrl: pds.url,
      branchlineUrl: branchline.url,
      chiveUrl: chive.url,
      chiveServiceDid: CHIVE_SERVICE_DID,
      controlUrl: urls.controlUrl,
      web: {
        port: ports.web,
        hosts: [...SANDBOX_HOSTS],
        hostResolverRules: hostResolverRules(ports),
        certificatePath,
      },
      seed: seeded.manifest,
    }
    return { ready, ports, tmpDir, plc, pds, branchline, chive, requests, faults, sessions: seeded.sessions, timings, stop }
  } catch (err) {
    await stop().catch(() => undefined)
    throw err
  }
}
