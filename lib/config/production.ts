import type { Endpoints } from './endpoints'

// Public infrastructure only: no backend of Tendril's own. Each can be overridden at build time
// with the TENDRIL_* variables read in wxt.config.ts (e.g. to use another PLC mirror).
export const PRODUCTION_ENDPOINTS: Endpoints = {
  buildTarget: 'production',
  plcDirectoryUrl: 'https://plc.directory',
  // Chive falls back to the Bluesky public API for handles; so do we (after well-known and DNS).
  handleResolverUrl: 'https://public.api.bsky.app',
  // Browsers cannot query DNS directly; DNS-over-HTTPS is how a handle's TXT record is read.
  dohUrl: 'https://cloudflare-dns.com/dns-query',
  branchlineAppViewUrl: 'https://branchline.ink',
  chiveAppViewUrl: 'https://chive.pub',
  chiveServiceDid: 'did:web:chive.pub',
  // The default build uses atproto's loopback client, which needs no hosting; set
  // TENDRIL_OAUTH_CLIENT_ID at build time to use a hosted client-metadata.json instead.
  oauthClientId: null,
  allowHttp: false,
}
