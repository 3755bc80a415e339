import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { clientIdentityFrom, hostedClientMetadata } from '../lib/atproto/oauth/client-metadata.ts'

// Writes the client-metadata.json to host at your hosted OAuth client_id (README: "Signing in with a
// hosted client id"). It comes from the same function the extension uses, so the scope and redirect
// URIs can never drift apart.
//
//   npm run client-metadata -- --client-id https://example.org/tendril/client-metadata.json \
//     --extension-id <unpacked id> --extension-id <store id> [--out client-metadata.json]

const { values } = parseArgs({
  options: {
    'client-id': { type: 'string' },
    'extension-id': { type: 'string', multiple: true },
    out: { type: 'string' },
  },
})

const clientId = values['client-id']
const ids = values['extension-id'] ?? []
if (!clientId || ids.length === 0) {
  console.error('usage: npm run client-metadata -- --client-id <https URL> --extension-id <id> [--extension-id <id>…] [--out file]')
  process.exit(2)
}
for (const id of ids) {
  if (!/^[a-p]{32}$/.test(id)) {
    console.error(`"${id}" is not a Chrome extension id (32 letters a–p)`)
    process.exit(2)
  }
}
const identity = clientIdentityFrom(clientId)
if (identity.kind !== 'hosted') process.exit(2)
const json = `${JSON.stringify(hostedClientMetadata(identity.clientId, ids), null, 2)}\n`
if (values.out) {
  writeFileSync(values.out, json)
  console.error(`wrote ${values.out}; serve it at ${identity.clientId} with Content-Type: application/json`)
} else {
  process.stdout.write(json)
}
