/** What a build said: a status line when it built, an alert with the errors when refused. */
import type { JSX } from 'preact';

import { formatDate, plural, shortHash } from '../ui/format.js';
import type { Problem } from '../flows/problems.js';
import { ErrorNotice } from '../ui/notices.js';
import type { BuildState } from './use-build.js';

/** How many of a refused build's errors the alert names (the Problems panel has them all). */
const NAMED_ERRORS = 5;

export function BuildStatus(props: {
  state: BuildState;
  /** A refused build's errors, with positions in characters (problemsOf). */
  problems: readonly Problem[];
}): JSX.Element {
  const { state, problems } = props;
  let status = '';
  if (state.status === 'building') status = 'Building…';
  if (state.status === 'built') {
    const { version } = state;
    const what = `version ${version.version_id} (content ${shortHash(version.content_hash)}, ${formatDate(version.created_at, 'seconds')})`;
    status = state.fresh
      ? `Built ${what}.`
      : `Nothing changed since the latest build: ${what} is still current.`;
  }
  return (
    <div class="build-status">
      <p role="status" class="status">
        {status}
      </p>
      {state.status === 'refused' && (
        <div class="notice notice-error" role="alert">
          <p>
            <strong>Build refused:</strong>{' '}
            {state.error.diagnostics.length > 0
              ? `the bot has ${plural(state.error.diagnostics.length, 'error')}.`
              : state.error.message}
          </p>
          {problems.length > 0 && (
            <ul>
              {problems.slice(0, NAMED_ERRORS).map((problem, index) => (
                <li key={index}>
                  {problem.where} {problem.line}:{problem.column} {problem.diagnostic.message}
                </li>
              ))}
            </ul>
          )}
          {problems.length > NAMED_ERRORS && <p>See them all under Problems.</p>}
        </div>
      )}
      {state.status === 'failed' && <ErrorNotice title="Could not build:" error={state.error} />}
    </div>
  );
}
