// A person at the PDS's sign-in page, without a browser: what the page's own script does, through
// the authorization server's UI API (@atproto/oauth-provider 0.22, in @atproto/pds 0.5.35):
//
//   1. GET the authorization URL as a top-level navigation → the `dev-id`/`ses-id` device cookies and
//      the `csrf-token` cookie (double-submit CSRF), and the request bound to this device;
//   2. POST /@atproto/oauth-provider/~api/sign-in {locale, username, password} → the account and, as
//      the page does not "remember" the device inside an OAuth request, an ephemeral token;
//   3. POST ~api/consent {did} with `Authorization: Bearer <ephemeral token>` (authorize), or
//      ~api/reject {} (deny) → `{url}` of /oauth/authorize/redirect on the PDS;
//   4. GET that URL as a same-origin navigation → 303 to the client's redirect_uri, whose Location
//      (code/state/iss, or error=access_denied) is what the browser would land on, returned here.
//
// The API refuses anything that does not look like the page itself: `sec-fetch-mode`/`sec-fetch-site:
// same-origin`, `origin`, a `referer` that is the authorization page, and `x-csrf-token` equal to the
// cookie. Plain node:http because fetch forces `sec-fetch-mode: cors`. No redirect is followed
// implicitly; each hop is checked.
import http from 'node:http'

const API = '/@atproto/oauth-provider/~api'
/** Constant: the provider rotates the device session when the user agent changes. */
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) tendril-integration-tests'

export interface DriveSignInOptions {
  /** The URL `OAuthClient.authorize()` returned. */
  authorizeUrl: URL | string
  username: string
  password: string
  consent: 'authorize' | 'deny'
}

export class SignInDriverError extends Error {
  constructor(step: string, readonly status: number, readonly body: unknown) {
    super(`${step} → ${status} ${typeof body === 'string' ? body.slice(0, 300) : JSON.stringify(body)}`)
  }
}

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

function send(url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'user-agent': USER_AGENT, ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** The few cookies the provider sets, kept as a browser would (last value wins, empty = cleared). */
class CookieJar {
  private readonly cookies = new Map<string, string>()
  take(reply: Reply) {
    for (const line of reply.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (!name) continue
      if (value) this.cookies.set(name, value)
      else this.cookies.delete(name)
    }
  }
  get(name: string) {
    return this.cookies.get(name)
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
}

function json(reply: Reply, step: string): any {
  let parsed: unknown
  try {
    parsed = JSON.parse(reply.body)
  } catch {
    throw new SignInDriverError(step, reply.status, reply.body)
  }
  if (reply.status !== 200) throw new SignInDriverError(step, reply.status, parsed)
  return parsed
}

/** Signs in and answers the consent page; returns the URL the browser is redirected to. */
export async function driveSignIn(options: DriveSignInOptions): Promise<URL> {
  const page = new URL(options.authorizeUrl)
  const origin = page.origin
  const jar = new CookieJar()

  // 1. The authorization page, opened in a new tab (a top-level navigation from nowhere).
  const shown = await send(page, 'GET', {
    accept: 'text/html',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    'sec-fetch-site': 'none',
  })
  if (shown.status !== 200 || !/^text\/html/.test(String(shown.headers['content-type']))) {
    throw new SignInDriverError('GET /oauth/authorize', shown.status, shown.body)
  }
  jar.take(shown)
  for (const name of ['dev-id', 'ses-id', 'csrf-token']) {
    if (!jar.get(name)) throw new SignInDriverError(`GET /oauth/authorize set no ${name} cookie`, shown.status, shown.headers['set-cookie'] ?? [])
  }

  // The page's own XHRs: same origin, from the authorization page, with the CSRF token.
  const api = async (endpoint: string, body: object, extra: Record<string, string> = {}) => {
    const reply = await send(
      new URL(`${API}${endpoint}`, origin),
      'POST',
      {
        accept: 'application/json',
        'content-type': 'application/json',
        'sec-fetch-mode': 'same-origin',
        'sec-fetch-site': 'same-origin',
        'sec-fetch-dest': 'empty',
        origin,
        referer: page.href,
        'x-csrf-token': jar.get('csrf-token') ?? '',
        cookie: jar.header(),
        ...extra,
      },
      JSON.stringify(body),
    )
    jar.take(reply)
    return json(reply, `POST ${endpoint}`)
  }

  // 2. Password form.
  const signedIn = await api('/sign-in', { locale: 'en', username: options.username, password: options.password })
  const did: string | undefined = signedIn?.account?.did
  if (!did) throw new SignInDriverError('POST /sign-in returned no account', 200, signedIn)
  const bearer: Record<string, string> = signedIn.ephemeralToken ? { authorization: `Bearer ${signedIn.ephemeralToken}` } : {}

  // 3. Consent page: "Authorize" or "Deny".
  const answered =
    options.consent === 'authorize' ? await api('/consent', { did }, bearer) : await api('/reject', {})
  if (typeof answered?.url !== 'string') throw new SignInDriverError(`POST /${options.consent} returned no url`, 200, answered)
  const redirectPage = new URL(answered.url)
  if (redirectPage.origin !== origin || redirectPage.pathname !== '/oauth/authorize/redirect') {
    throw new SignInDriverError(`POST /${options.consent} returned an unexpected url`, 200, answered)
  }

  // 4. The page navigates to the provider's redirect endpoint, which answers 303 to the client.
  const redirected = await send(redirectPage, 'GET', {
    accept: 'text/html',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-dest': 'document',
    'sec-fetch-site': 'same-origin',
    referer: page.href,
    cookie: jar.header(),
  })
  const location = redirected.headers.location
  if (redirected.status !== 303 || !location) throw new SignInDriverError('GET /oauth/authorize/redirect', redirected.status, redirected.body)
  return new URL(location, redirectPage)
}
