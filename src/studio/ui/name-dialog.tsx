/** A dialog that asks for one name (new bot, new flow, rename) and shows why the server refused it. */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';

import { Dialog } from './dialog.js';
import { ErrorNotice } from './notices.js';

export function NameDialog(props: {
  title: string;
  submitLabel: string;
  initial?: string;
  hint?: string;
  /** Does the work; the dialog stays open, with the error, when it throws. */
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}): JSX.Element {
  const [name, setName] = useState(props.initial ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setError(new Error('Enter a name.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(trimmed);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form class="form" onSubmit={(event) => void submit(event)}>
        <div class="field">
          <label for={inputId}>Name</label>
          <input
            id={inputId}
            type="text"
            value={name}
            autoFocus
            autoComplete="off"
            spellcheck={false}
            aria-describedby={props.hint === undefined ? undefined : hintId}
            aria-invalid={error !== null}
            onInput={(event) => {
              setName(event.currentTarget.value);
            }}
          />
          {props.hint !== undefined && (
            <p id={hintId} class="hint">
              {props.hint}
            </p>
          )}
        </div>
        {error !== null && <ErrorNotice error={error} />}
        <div class="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
