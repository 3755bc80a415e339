import { browser } from 'wxt/browser'
import { TendrilError, type ErrorInfo } from '../errors'
import type { Reply, Request, Responses } from '../messages'

/** Thrown in the popup / content scripts when the worker answers with an error. */
export class WorkerError extends TendrilError {
  constructor(info: ErrorInfo) {
    super(info.code, info.message)
  }
}

/** Typed request to the background worker; resolves with its value or throws WorkerError. */
export async function sendToWorker<T extends Request>(request: T): Promise<Responses[T['type']]> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<Responses[T['type']]> | undefined
  if (!reply) throw new WorkerError({ code: 'Internal', message: 'Tendril’s background worker did not answer.' })
  if (!reply.ok) throw new WorkerError(reply.error)
  return reply.value
}
