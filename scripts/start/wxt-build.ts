// Child process of scripts/start/build.ts: `node scripts/start/wxt-build.ts <outDir> <dirName>`.
// Builds the sandbox extension for Chromium with WXT's JS API, which merges this inline config over
// wxt.config.ts: the same build as `wxt build -b chrome --mode sandbox`, only written to
// <outDir>/<dirName> instead of .output/chrome-mv3-sandbox (the e2e suite's build). The sandbox
// ports compiled into it come from the TENDRIL_SANDBOX_*_PORT variables of this process, exactly as
// with the CLI. A separate process because WXT loads env files into process.env and keeps Vite
// state; none of that should leak into the caller.
import { build } from 'wxt'

const [outDir, dirName] = process.argv.slice(2)
if (!outDir || !dirName) {
  console.error('usage: node scripts/start/wxt-build.ts <outDir> <dirName>')
  process.exit(2)
}
await build({ browser: 'chrome', mode: 'sandbox', outDir, outDirTemplate: dirName })
