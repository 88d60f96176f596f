/** The "Load more" button of a paged list, and what went wrong with the last page asked. */
import type { JSX } from 'preact';

export type PageLoad =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready' };

export function LoadMore(props: {
  /** What the list holds, for the failure sentence ("conversations", "messages"). */
  readonly what: string;
  readonly more: PageLoad;
  /** Whether another page exists and the list itself is shown. */
  readonly available: boolean;
  readonly onLoad: () => void;
}): JSX.Element {
  const { more } = props;
  return (
    <>
      {more.state === 'failed' && (
        <p class="cv-status cv-status-error" role="alert">
          More {props.what} could not be loaded: {more.message}
        </p>
      )}
      {props.available && (
        <button
          type="button"
          class="pg-button cv-more"
          onClick={props.onLoad}
          disabled={more.state === 'loading'}
        >
          {more.state === 'loading' ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
