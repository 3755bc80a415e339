import { defineConfig } from 'wxt'
import { EndpointsSchema, type Endpoints } from './lib/config/endpoints'
import { PRODUCTION_ENDPOINTS } from './lib/config/production'
import { sandboxEndpoints } from './tests/sandbox/endpoints'
import { buildManifest } from './lib/config/manifest'
import { oneZod3 } from './scripts/build/one-zod-3'

// Two builds from the same code: `production` (the default; `npm run build` / `npm run zip`) and
// `sandbox` (`wxt build --mode sandbox`, used by `npm start` and the e2e tests, written to
// .output/chrome-mv3-sandbox). They differ only in the endpoint object injected below; the
// manifest is identical. tests/e2e/production-build.test.ts checks the production output holds no
// loopback endpoint and no dev switch.
function endpointsFor(mode: string): Endpoints {
  // `development` is what `wxt dev`, `wxt prepare` and WXT's vitest plugin use: local, like sandbox.
  if (mode === 'sandbox' || mode === 'development') return sandboxEndpoints()
  if (mode !== 'production') throw new Error(`unknown build mode "${mode}" (use production or sandbox)`)
  const env = process.env
  return EndpointsSchema.parse({
    ...PRODUCTION_ENDPOINTS,
    plcDirectoryUrl: env.TENDRIL_PLC_URL || PRODUCTION_ENDPOINTS.plcDirectoryUrl,
    handleResolverUrl: env.TENDRIL_HANDLE_RESOLVER_URL || PRODUCTION_ENDPOINTS.handleResolverUrl,
    dohUrl: env.TENDRIL_DOH_URL || PRODUCTION_ENDPOINTS.dohUrl,
    branchlineAppViewUrl: env.TENDRIL_BRANCHLINE_URL || PRODUCTION_ENDPOINTS.branchlineAppViewUrl,
    chiveAppViewUrl: env.TENDRIL_CHIVE_URL || PRODUCTION_ENDPOINTS.chiveAppViewUrl,
    oauthClientId: env.TENDRIL_OAUTH_CLIENT_ID || null,
  })
}

export default defineConfig({
  manifest: ({ browser, mode }) =>
    buildManifest(browser, endpointsFor(mode), process.env.TENDRIL_EXTENSION_KEY || undefined),
  vite: ({ mode }) => ({
    // TENDRIL_SOURCEMAP=1: source maps beside the output, to see what the worker bundle is made of
    // (never in a shipped build).
    build: { sourcemap: process.env.TENDRIL_SOURCEMAP === '1' },
    // Every @atproto package shares one zod 3 (scripts/build/one-zod-3.ts).
    plugins: [oneZod3()],
    define: {
      // Injected as a JSON string (parsed and validated at run time), so the build's output holds it
      // verbatim and the production-build test can read it.
      __TENDRIL_ENDPOINTS__: JSON.stringify(JSON.stringify(endpointsFor(mode))),
    },
    oxc: {
      jsx: { runtime: 'automatic', importSource: 'preact' },
    },
    resolve: {
      alias: {
        react: 'preact/compat',
        'react-dom': 'preact/compat',
      },
    },
  }),
})
