import { z } from 'zod/mini'

// Every network endpoint Tendril talks to, chosen at build time by wxt.config.ts and injected as
// `__TENDRIL_ENDPOINTS__`. Nothing a page or a message says can change them. The production build
// uses PRODUCTION_ENDPOINTS (public infrastructure only); the sandbox build differs only in the
// fields documented in README ("Production and sandbox builds").

export const EndpointsSchema = z.object({
  /** `production` or `sandbox`: shown in the options page so a person can tell the builds apart. */
  buildTarget: z.enum(['production', 'sandbox']),
  /** DID PLC directory used to resolve did:plc identities. */
  plcDirectoryUrl: z.url(),
  /** XRPC service answering com.atproto.identity.resolveHandle when well-known/DNS lookups fail. */
  handleResolverUrl: z.url(),
  /** DNS-over-HTTPS endpoint for `_atproto.<handle>` TXT lookups; `null` skips well-known + DNS and
   * asks handleResolverUrl only (the sandbox's `.test` handles exist only on its PDS). */
  dohUrl: z.nullable(z.url()),
  /** Branchline's public AppView (ink.branchline.getBranch / getBuds). */
  branchlineAppViewUrl: z.url(),
  /** Chive's AppView (pub.chive.backlink.*), called directly, never through the PDS proxy. */
  chiveAppViewUrl: z.url(),
  /** `aud` of the service-auth tokens minted for Chive; Chive matches it exactly. */
  chiveServiceDid: z.string().check(z.startsWith('did:')),
  /** The hosted OAuth client_id (https URL of client-metadata.json), or null for the loopback
   * development client. See README "Sign-in with a hosted client id". */
  oauthClientId: z.nullable(z.url().check(z.startsWith('https://'))),
  /** Allow plain-http OAuth servers and PDSes. Only the sandbox build sets it. */
  allowHttp: z.boolean(),
})

export type Endpoints = z.infer<typeof EndpointsSchema>

declare const __TENDRIL_ENDPOINTS__: string

/** The endpoints this build was made with. */
export function getEndpoints(): Endpoints {
  return EndpointsSchema.parse(JSON.parse(__TENDRIL_ENDPOINTS__))
}
