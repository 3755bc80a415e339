import type { TestProject } from 'vitest/node'
import { buildExtension } from './build.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** The sandbox build of the extension for Chromium (what e2e tests load). */
    extensionPath: string
    /** The production build, checked for leftovers of the sandbox. */
    productionPath: string
    /** The production build for Firefox (MV2): linted and its manifest checked, not driven. */
    firefoxPath: string
  }
}

export default function setup(project: TestProject) {
  project.provide('extensionPath', buildExtension('chrome', 'sandbox'))
  project.provide('productionPath', buildExtension('chrome', 'production'))
  project.provide('firefoxPath', buildExtension('firefox', 'production'))
}
