import { useCallback, useEffect, useState } from 'preact/hooks'
import { describeError } from '@/lib/errors'
import { sendToWorker } from '@/lib/messaging/send'
import type { AuthState, Request } from '@/lib/messages'

export type Confirmation = { status: 'checking' } | { status: 'confirmed'; at: string } | { status: 'failed'; message: string }

/** The popup's view of the reader's accounts: local state first, then a live check of the
 * active account against its PDS (restoring the session in the worker). */
export function useAuth() {
  const [auth, setAuth] = useState<AuthState | undefined>(undefined)
  const [error, setError] = useState<string | undefined>(undefined)
  const [confirmation, setConfirmation] = useState<Confirmation | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | undefined>(undefined)
  /** Signing out would drop unsaved writes: the worker's words, until the reader decides. */
  const [unsavedWrites, setUnsavedWrites] = useState<{ did: string; message: string } | undefined>(undefined)

  const confirm = useCallback(async (state: AuthState) => {
    const active = state.accounts.find((a) => a.did === state.activeDid)
    if (!active?.signedIn) return setConfirmation(undefined)
    setConfirmation({ status: 'checking' })
    try {
      const result = await sendToWorker({ type: 'auth.confirm' })
      setConfirmation({ status: 'confirmed', at: result.confirmedAt })
    } catch (e) {
      setConfirmation({ status: 'failed', message: describeError(e) })
      // The worker may have marked the account signed out meanwhile.
      setAuth(await sendToWorker({ type: 'auth.state' }).catch(() => state))
    }
  }, [])

  useEffect(() => {
    sendToWorker({ type: 'auth.state' }).then(
      (state) => {
        setAuth(state)
        void confirm(state)
      },
      (e) => setError(describeError(e)),
    )
  }, [confirm])

  const act = useCallback(
    async (request: Extract<Request, { type: 'auth.signIn' | 'auth.signOut' | 'auth.switch' | 'auth.dismiss' }>) => {
      setBusy(true)
      setError(undefined)
      setNotice(undefined)
      setUnsavedWrites(undefined)
      try {
        const state = await sendToWorker(request)
        setAuth(state)
        if (request.type !== 'auth.signIn') void confirm(state)
      } catch (e) {
        if (request.type === 'auth.signOut' && (e as { code?: string }).code === 'PendingWrites') {
          setUnsavedWrites({ did: request.did, message: describeError(e) })
          return
        }
        setError(describeError(e))
        setAuth(await sendToWorker({ type: 'auth.state' }).catch(() => auth))
      } finally {
        setBusy(false)
      }
    },
    [auth, confirm],
  )

  /** Stops the waiting sign-in. Chrome's own sign-in window (hosted client) cannot be closed by
   * Tendril: the reader is told to close it. */
  const cancel = useCallback(async () => {
    setBusy(true)
    setError(undefined)
    try {
      const { state, windowLeftOpen } = await sendToWorker({ type: 'auth.cancelSignIn' })
      setAuth(state)
      setNotice(windowLeftOpen ? 'Sign-in cancelled. Close the sign-in window yourself: it can no longer sign you in.' : undefined)
    } catch (e) {
      setError(describeError(e))
    } finally {
      setBusy(false)
    }
  }, [])

  return { auth, error, notice, confirmation, busy, act, cancel, unsavedWrites, keepWrites: () => setUnsavedWrites(undefined) }
}
