// A fresh self-signed certificate for every sandbox hostname, made at start (never committed).
// Chromium runs with --ignore-certificate-errors; Node tests trust it by passing the PEM as `ca`.

import { generate } from 'selfsigned'
import { SANDBOX_HOSTS } from '../config.ts'

export interface Certificate {
  key: string
  cert: string
}

export async function createCertificate(hosts: readonly string[] = SANDBOX_HOSTS): Promise<Certificate> {
  const now = Date.now()
  const pems = await generate([{ name: 'commonName', value: 'Tendril sandbox' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000),
    notAfterDate: new Date(now + 30 * 24 * 3600_000),
    extensions: [
      // A self-signed certificate that is its own trust anchor: CA so OpenSSL accepts it as `ca`.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...hosts, 'localhost'].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
          { type: 7 as const, ip: '::1' },
        ],
      },
    ],
  })
  return { key: pems.private, cert: pems.cert }
}
