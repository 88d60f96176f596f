/** The first page: a token, checked against the API before it is kept. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

import { Api } from './api.js';
import { saveToken } from './session.js';
import { errorText } from './ui/format.js';

export function SignIn(props: { onSignedIn: (token: string) => void }): JSX.Element {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError(new Error('Enter an API key token or the admin token.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Any credential that may read bots may use the studio: listing them checks it.
      await new Api(value).listBots();
      saveToken(value);
      props.onSignedIn(value);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="card form" onSubmit={(event) => void submit(event)}>
        <h1>Parley Studio</h1>
        <p>
          Write, check, build and try your bots. Sign in with an API key token (<code>pk_….…</code>,
          printed once when the server first started) or with the server's{' '}
          <code>PARLEY_ADMIN_TOKEN</code>.
        </p>
        <div class="field">
          <label for="token">API key or admin token</label>
          <input
            id="token"
            type="password"
            value={token}
            autoFocus
            autoComplete="off"
            spellcheck={false}
            aria-invalid={error !== null}
            onInput={(event) => {
              setToken(event.currentTarget.value);
            }}
          />
        </div>
        {error !== null && (
          <div class="notice notice-error" role="alert">
            <p>
              <strong>Sign-in failed:</strong> {errorText(error)}
            </p>
          </div>
        )}
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          Sign in
        </button>
        <p class="hint">The token stays in this tab only and is forgotten when the tab closes.</p>
      </form>
    </main>
  );
}
