/** The Problems panel: every diagnostic of the bot, each a button that shows where it is. */
import type { JSX } from 'preact';

import { plural } from '../ui/format.js';
import { ErrorNotice } from '../ui/notices.js';
import type { Problem } from './problems.js';

export function ProblemsPanel(props: {
  problems: readonly Problem[];
  /** What the list comes from: "live" checks of the draft, or a refused build. */
  source: 'live' | 'build';
  checking: boolean;
  error: unknown;
  onSelect: (problem: Problem) => void;
}): JSX.Element {
  const { problems } = props;
  const errors = problems.filter((problem) => problem.diagnostic.severity === 'error').length;
  const warnings = problems.length - errors;
  const summary =
    problems.length === 0
      ? 'No problems'
      : [
          errors > 0 ? plural(errors, 'error') : null,
          warnings > 0 ? plural(warnings, 'warning') : null,
        ]
          .filter((part) => part !== null)
          .join(', ');

  return (
    <section class="problems" aria-label="Problems">
      <div class="problems-head">
        <h3>Problems</h3>
        <p class="problems-summary" role="status">
          {summary}
          {props.source === 'build' && ' (from the refused build)'}
        </p>
        {props.checking && (
          <span class="checking" aria-hidden="true">
            checking…
          </span>
        )}
      </div>
      {props.error !== null && (
        <ErrorNotice title="Could not check the flows:" error={props.error} />
      )}
      {problems.length > 0 && (
        <ul class="problem-list">
          {problems.map((problem, index) => {
            const { diagnostic } = problem;
            const body = (
              <>
                <span class={`severity severity-${diagnostic.severity}`}>
                  {diagnostic.severity === 'error' ? 'Error' : 'Warning'}
                </span>
                <span class="where">
                  {problem.where} {problem.line}:{problem.column}
                </span>
                <span class="message">{diagnostic.message}</span>
                <code class="code">{diagnostic.code}</code>
              </>
            );
            return (
              <li key={`${index}:${diagnostic.code}:${diagnostic.line}:${diagnostic.column}`}>
                {problem.flowId === null ? (
                  <div class="problem">{body}</div>
                ) : (
                  <button
                    type="button"
                    class="problem"
                    onClick={() => {
                      props.onSelect(problem);
                    }}
                  >
                    {body}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
