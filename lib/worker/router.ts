import { ForbiddenError, InvalidMessageError, toErrorInfo } from '../errors'
import { RequestSchema, type Reply, type Request, type RequestType, type Responses } from '../messages'
import type { SenderInfo, SenderKind } from './sender'

export type Handler<K extends RequestType> = (
  request: Extract<Request, { type: K }>,
  sender: SenderInfo,
) => Promise<Responses[K]>

export type Handlers = { [K in RequestType]: Handler<K> }

/** Which senders may make each request. Anything touching the account is extension-page only. */
export const ALLOWED_SENDERS: { [K in RequestType]: readonly SenderKind[] } = {
  ping: ['extension-page', 'content-script'],
  'page.report': ['content-script'],
  'tab.get': ['extension-page'],
  // A page (through a content script) can never start a sign-in or change the account.
  'auth.state': ['extension-page'],
  'auth.confirm': ['extension-page'],
  'auth.signIn': ['extension-page'],
  'auth.cancelSignIn': ['extension-page'],
  'auth.dismiss': ['extension-page'],
  'auth.switch': ['extension-page'],
  'auth.signOut': ['extension-page'],
  // Settings include consents to write on the reader's behalf: the reader's own pages only.
  'settings.get': ['extension-page'],
  'settings.set': ['extension-page'],
  // The reader's own writes: only the reader's own pages list, retry or drop them.
  'writes.list': ['extension-page'],
  'writes.retry': ['extension-page'],
  'writes.discard': ['extension-page'],
  // A page's controls ask only about, and act only on, buds of the tab's own path; the worker
  // re-derives that path from the tab's URL and acts on the page's trusted clicks (lib/shell).
  'bookmarks.marks': ['content-script'],
  'bookmarks.bookmark': ['content-script'],
  'bookmarks.remove': ['content-script'],
  'bookmarks.undo': ['content-script', 'extension-page'],
  // The popup's list and its buttons: the reader's own pages only.
  'bookmarks.list': ['extension-page'],
  'bookmarks.tab': ['extension-page'],
  'bookmarks.delete': ['extension-page'],
  // A source page's prompt: about the tab's own source only, re-verified by the worker; acts on
  // the page's trusted clicks (lib/shell). Setup only opens Tendril's page: the consent is given there.
  'backlinks.page': ['content-script'],
  'backlinks.add': ['content-script'],
  'backlinks.dismiss': ['content-script'],
  'backlinks.setup': ['content-script'],
  // The popup and options page.
  'backlinks.tab': ['extension-page'],
  'backlinks.tabAdd': ['extension-page'],
  'backlinks.eprint': ['extension-page'],
  'backlinks.mine': ['extension-page'],
  'backlinks.remove': ['extension-page'],
}

/** Validates a raw message, checks who may send it, runs its handler and wraps the answer. */
export function createRouter(handlers: Handlers) {
  return async function route(raw: unknown, sender: SenderInfo | undefined): Promise<Reply<unknown>> {
    try {
      if (!sender) throw new ForbiddenError('This request')
      const parsed = RequestSchema.safeParse(raw)
      if (!parsed.success) throw new InvalidMessageError(parsed.error.issues[0]?.message ?? 'unknown shape')
      const request = parsed.data
      if (!ALLOWED_SENDERS[request.type].includes(sender.kind)) throw new ForbiddenError(`"${request.type}"`)
      const handler = handlers[request.type] as Handler<typeof request.type>
      return { ok: true, value: await handler(request as never, sender) }
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) }
    }
  }
}
