import type { Endpoints } from '../../lib/config/endpoints.ts'
import { CHIVE_SERVICE_DID, sandboxPorts, sandboxUrls, type SandboxPorts } from './config.ts'

// What the sandbox build of the extension is compiled with. Only identity (PLC, handle resolver =
// the sandbox PDS) and allowHttp differ from production: the AppViews keep their real hostnames,
// which Chromium maps to the sandbox's loopback HTTPS server with --host-resolver-rules, so the
// host permissions of the shipped manifest are exactly what the tests exercise.
export function sandboxEndpoints(ports: SandboxPorts = sandboxPorts()): Endpoints {
  const urls = sandboxUrls(ports)
  return {
    buildTarget: 'sandbox',
    plcDirectoryUrl: urls.plcUrl,
    handleResolverUrl: urls.pdsUrl,
    dohUrl: null,
    branchlineAppViewUrl: 'https://branchline.ink',
    chiveAppViewUrl: 'https://chive.pub',
    chiveServiceDid: CHIVE_SERVICE_DID,
    oauthClientId: null,
    allowHttp: true,
  }
}
