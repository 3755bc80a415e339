import type { WriteView } from '../messages'
import type { WriteEntry } from '../writes/entry'
import type { Intent, Intents } from '../writes/intent'
import { waitsForSignIn, type Journal } from '../writes/journal'
import type { Handlers } from './router'

type WritesHandlers = Pick<Handlers, 'writes.list' | 'writes.retry' | 'writes.discard'>

/** The popup's view of the journal: what is still being sent or stopped, without the records. */
export function createWritesHandlers(deps: { journal: Pick<Journal, 'list' | 'retry' | 'discard'>; intents: Pick<Intents, 'list' | 'discard'> }): WritesHandlers {
  const list = async () => [...(await deps.intents.list()).map(viewOfIntent), ...(await deps.journal.list()).map(viewOf)]
  return {
    'writes.list': list,
    async 'writes.retry'(request) {
      await deps.journal.retry(request.id)
      return list()
    },
    async 'writes.discard'(request) {
      if (!(await deps.intents.discard(request.id))) await deps.journal.discard(request.id)
      return list()
    },
  }
}

export function viewOf(entry: WriteEntry): WriteView {
  const status = entry.status === 'pending' && waitsForSignIn(entry) ? 'waiting' : entry.status
  return {
    id: entry.id,
    did: entry.did,
    label: entry.label,
    status,
    attempts: entry.attempts,
    ...(status === 'pending' ? { nextAttemptAt: new Date(entry.nextAttemptAt).toISOString() } : {}),
    ...(entry.error ? { error: { code: entry.error.code, message: entry.error.message } } : {}),
    createdAt: new Date(entry.createdAt).toISOString(),
  }
}

/** An intent (asked for while signed out) as the popup shows it: waiting for a sign-in. */
export function viewOfIntent(intent: Intent): WriteView {
  return {
    id: intent.id,
    did: '',
    label: intent.label,
    status: 'waiting',
    attempts: 0,
    error: { code: 'Unauthorized', message: 'Sign in to Tendril and it will be done.' },
    createdAt: new Date(intent.createdAt).toISOString(),
  }
}
