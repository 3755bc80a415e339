import { useState } from 'preact/hooks'

/** One field, one button, and a plain statement of what signing in allows. */
export function SignInForm(props: { busy: boolean; onSignIn: (input: string) => void; autoFocus?: boolean }) {
  const [input, setInput] = useState('')
  return (
    <form
      class="sign-in"
      data-testid="sign-in-form"
      onSubmit={(event) => {
        event.preventDefault()
        props.onSignIn(input)
      }}
    >
      <label for="sign-in-input" class="field-label">
        Your handle
      </label>
      <div class="row">
        <input
          id="sign-in-input"
          name="handle"
          data-testid="sign-in-input"
          type="text"
          autocomplete="username"
          spellcheck={false}
          placeholder="alice.bsky.social"
          autoFocus={props.autoFocus}
          value={input}
          onInput={(event) => setInput(event.currentTarget.value)}
        />
        <button type="submit" data-testid="sign-in-button" disabled={props.busy}>
          Sign in
        </button>
      </div>
      <p class="muted small" data-testid="sign-in-promise">
        Tendril will only save your Branchline bookmarks and create (or undo) Chive backlinks for you. It cannot post,
        follow, read your private data, or see your password.
      </p>
    </form>
  )
}
