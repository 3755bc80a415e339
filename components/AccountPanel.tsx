import { useState } from 'preact/hooks'
import type { AccountView } from '@/lib/messages'
import { SignInForm } from './SignInForm'
import { useAuth } from './useAuth'

function accountLabel(account: AccountView): string {
  return account.handle ? `@${account.handle}` : account.did
}

export function AccountPanel() {
  const { auth, error, notice, confirmation, busy, act, cancel, unsavedWrites, keepWrites } = useAuth()
  const [adding, setAdding] = useState(false)
  if (!auth) {
    return error ? <p class="notice error" role="alert">{error}</p> : <p class="muted">Loading your account…</p>
  }
  const active = auth.accounts.find((a) => a.did === auth.activeDid)
  const signIn = (input: string) => void act({ type: 'auth.signIn', input })

  const notices = (
    <>
      {error && (
        <p class="notice error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status" data-testid="sign-in-notice">
          {notice}
        </p>
      )}
      {auth.signIn?.status === 'waiting' && (
        <p class="notice" data-testid="sign-in-waiting">
          Finish signing in in the tab that opened.{' '}
          <button type="button" class="link" data-testid="sign-in-cancel" disabled={busy} onClick={() => void cancel()}>
            Cancel
          </button>
        </p>
      )}
      {auth.signIn?.status === 'failed' && !error && (
        <p class="notice error" role="alert" data-testid="sign-in-failed">
          {auth.signIn.error.message}{' '}
          <button type="button" class="link" onClick={() => void act({ type: 'auth.dismiss' })}>
            Dismiss
          </button>
        </p>
      )}
    </>
  )

  if (!active?.signedIn || adding) {
    return (
      <section data-testid="signed-out">
        {active && !active.signedIn && (
          <p class="notice" data-testid="signed-out-reason">
            {accountLabel(active)} is signed out. {active.signedOutReason}
          </p>
        )}
        {notices}
        <SignInForm busy={busy} onSignIn={signIn} autoFocus />
        {adding && (
          <button type="button" class="link" onClick={() => setAdding(false)}>
            Cancel
          </button>
        )}
      </section>
    )
  }

  const others = auth.accounts.filter((a) => a.did !== active.did)
  return (
    <section class="card" data-testid="signed-in" data-did={active.did}>
      {active.displayName && (
        <p class="card-title" data-testid="account-name">
          {active.displayName}
        </p>
      )}
      <p class={active.displayName ? undefined : 'card-title'} data-testid="account-handle">
        {accountLabel(active)}
      </p>
      <p class="muted small mono" data-testid="account-did">
        {active.did}
      </p>
      <p class="muted small" data-testid="account-confirmation">
        {confirmation?.status === 'checking' && 'Checking with your server…'}
        {confirmation?.status === 'confirmed' && `Connected to ${active.pds ? new URL(active.pds).host : 'your server'}.`}
        {confirmation?.status === 'failed' && confirmation.message}
      </p>
      {notices}
      {unsavedWrites?.did === active.did && (
        <div class="notice" role="alertdialog" aria-labelledby="unsaved-writes-text" data-testid="unsaved-writes">
          <p id="unsaved-writes-text">{unsavedWrites.message}</p>
          <div class="row">
            <button type="button" data-testid="sign-out-drop-writes" disabled={busy} onClick={() => void act({ type: 'auth.signOut', did: active.did, discardWrites: true })}>
              Sign out and drop them
            </button>
            <button type="button" class="link" data-testid="sign-out-keep-writes" onClick={keepWrites}>
              Stay signed in
            </button>
          </div>
        </div>
      )}
      <div class="row">
        <button type="button" data-testid="sign-out" disabled={busy} onClick={() => void act({ type: 'auth.signOut', did: active.did })}>
          Sign out
        </button>
        <button type="button" class="link" data-testid="add-account" onClick={() => setAdding(true)}>
          Add account
        </button>
      </div>
      {others.length > 0 && (
        <label class="row small">
          Switch to
          <select
            data-testid="switch-account"
            onChange={(event) => void act({ type: 'auth.switch', did: event.currentTarget.value })}
          >
            <option value={active.did}>{accountLabel(active)}</option>
            {others.map((a) => (
              <option value={a.did}>
                {accountLabel(a)}
                {a.signedIn ? '' : ' (signed out)'}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  )
}
