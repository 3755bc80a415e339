import type { TestProject } from 'vitest/node'
import { buildExtension } from './build.ts'

declare module 'vitest' {
  interface ProvidedContext {
    /** The sandbox build of the extension for Chromium (what e2e tests load). */
    extensionPath: string
    /** The production build, checked for leftovers of the sandbox. */
    productionPath: string
  }
}

export default function setup(project: TestProject) {
  project.provide('extensionPath', buildExtension('chrome', 'sandbox'))
  project.provide('productionPath', buildExtension('chrome', 'production'))
}
