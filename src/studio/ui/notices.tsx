/** The studio's messages: errors (announced at once), progress and results (announced politely). */
import type { ComponentChildren, JSX } from 'preact';

import { ApiError } from '../api.js';
import { errorText } from './format.js';

/** A failure, in the panel that asked; `action` offers a way on (Retry…). */
export function ErrorNotice(props: {
  error: unknown;
  title?: string;
  action?: ComponentChildren;
}): JSX.Element {
  return (
    <div class="notice notice-error" role="alert">
      <p>
        {props.title !== undefined && <strong>{props.title} </strong>}
        {errorText(props.error)}
        {props.error instanceof ApiError && props.error.status === 401 && (
          <> (The server no longer accepts this sign-in: use “Sign out”, then sign in again.)</>
        )}
      </p>
      {props.action}
    </div>
  );
}

export function Loading(props: { label: string }): JSX.Element {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {props.label}
    </p>
  );
}
