import { defineConfig } from 'vitest/config'

// Three projects, run in this order by `npm test` (scripts/test.ts):
// - unit: pure code, fakes allowed (fake-indexeddb, fake fetch), no network, no sandbox;
// - integration: Node against the real sandbox (real PDS + PLC + stand-ins), started once per run;
// - e2e: the built sandbox extension in Debian's Chromium against the same sandbox.
// The sandbox is started by the root global setup only when a sandbox project is selected.
export default defineConfig({
  test: {
    globalSetup: ['tests/setup/sandbox.global.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
