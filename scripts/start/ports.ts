import { createServer } from 'node:net'
import type { SandboxPorts } from '../../tests/sandbox/config.ts'

// Port helpers shared by `npm start` and the benchmarks.

export const PORT_VARIABLES: Record<keyof SandboxPorts, string> = {
  plc: 'TENDRIL_SANDBOX_PLC_PORT',
  pds: 'TENDRIL_SANDBOX_PDS_PORT',
  branchline: 'TENDRIL_SANDBOX_BRANCHLINE_PORT',
  chive: 'TENDRIL_SANDBOX_CHIVE_PORT',
  web: 'TENDRIL_SANDBOX_WEB_PORT',
  control: 'TENDRIL_SANDBOX_CONTROL_PORT',
}

/** Six consecutive ports from `base`, as environment variables for the sandbox and the build. */
export function portsFromBase(base: number): Record<string, string> {
  if (!Number.isInteger(base) || base < 1024 || base > 65535 - 5) throw new Error(`${base} is not a usable base port (1024–65530)`)
  const order: (keyof SandboxPorts)[] = ['plc', 'pds', 'branchline', 'chive', 'web', 'control']
  return Object.fromEntries(order.map((name, i) => [PORT_VARIABLES[name], String(base + i)]))
}

/** The ports among `ports` that something already listens on (127.0.0.1). */
export async function busyPorts(ports: SandboxPorts): Promise<{ name: keyof SandboxPorts; port: number }[]> {
  const busy: { name: keyof SandboxPorts; port: number }[] = []
  for (const [name, port] of Object.entries(ports) as [keyof SandboxPorts, number][]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
    })
    if (!free) busy.push({ name, port })
  }
  return busy
}

export function describePorts(ports: SandboxPorts): string {
  return (Object.entries(ports) as [keyof SandboxPorts, number][]).map(([name, port]) => `${name} ${port}`).join(', ')
}
