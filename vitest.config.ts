import { defineConfig } from 'vitest/config'
import { WxtVitest } from 'wxt/testing/vitest-plugin'

// Three projects, run in this order by `npm test` (scripts/test.ts):
// - unit: pure code, fakes allowed (fake-indexeddb, fake fetch), no network, no sandbox;
// - integration: Node against the real sandbox (real PDS + PLC + stand-ins), started once per run;
// - e2e: the built sandbox extension in Debian's Chromium against the same sandbox.
// The sandbox is started by tests/setup/sandbox.global.ts, listed by both sandbox projects; it keeps
// one sandbox per vitest process (state on globalThis), so selecting both projects starts one.
const sandboxSetup = ['tests/setup/sandbox.global.ts']

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // Integration tests stop and start the shared PDS: never while e2e tests run.
          sequence: { groupOrder: 1 },
          globalSetup: sandboxSetup,
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
          sequence: { groupOrder: 2 },
          globalSetup: [...sandboxSetup, 'tests/e2e/setup/build.global.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
