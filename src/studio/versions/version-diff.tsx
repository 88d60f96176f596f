/**
 * Two versions' flows side by side: one read-only CodeMirror merge view per flow that differs,
 * flows added or removed marked as such (shown against an empty side), unchanged flows named.
 */
import { EditorState } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

import type { Api, Version } from '../api.js';
import { csmlViewExtensions } from '../editor/flow-editor.js';
import { formatDate, plural, shortHash } from '../ui/format.js';
import { useLoad } from '../ui/loadable.js';
import { ErrorNotice, Loading } from '../ui/notices.js';
import { pairFlows } from './flow-pairs.js';
import type { FlowPair } from './flow-pairs.js';

function versionLabel(version: Version): string {
  return `${formatDate(version.created_at, 'seconds')} (${shortHash(version.content_hash)})`;
}

function sideExtensions(label: string): Extension[] {
  return [
    EditorState.readOnly.of(true),
    lineNumbers(),
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ 'aria-label': label }),
    csmlViewExtensions(),
  ];
}

function MergeHost(props: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const { before, after, beforeLabel, afterLabel } = props;
  useEffect(() => {
    let view: { destroy(): void } | null = null;
    let cancelled = false;
    // The merge view is only needed here: loaded with the first diff.
    void import('@codemirror/merge').then(({ MergeView }) => {
      if (cancelled || !host.current) return;
      view = new MergeView({
        a: { doc: before, extensions: sideExtensions(beforeLabel) },
        b: { doc: after, extensions: sideExtensions(afterLabel) },
        parent: host.current,
        collapseUnchanged: { margin: 3, minSize: 6 },
        gutter: true,
        highlightChanges: true,
      });
    });
    return () => {
      cancelled = true;
      view?.destroy();
    };
  }, [before, after, beforeLabel, afterLabel]);
  return <div class="merge" ref={host} />;
}

function PairView(props: { pair: FlowPair; from: Version; to: Version }): JSX.Element {
  const { pair, from, to } = props;
  const badge =
    pair.kind === 'added'
      ? 'Added'
      : pair.kind === 'removed'
        ? 'Removed'
        : pair.kind === 'unchanged'
          ? 'Unchanged'
          : 'Changed';
  return (
    <article class={`flow-diff flow-diff-${pair.kind}`} aria-label={`Flow ${pair.name}: ${badge}`}>
      <header>
        <h4>{pair.name}</h4>
        <span class={`badge badge-${pair.kind}`}>{badge}</span>
        {pair.renamedFrom !== null && (
          <span class="muted small">renamed from {pair.renamedFrom}</span>
        )}
        {pair.commandsChanged && (
          <span class="muted small">
            commands: {pair.before?.commands.join(', ') || 'none'} →{' '}
            {pair.after?.commands.join(', ') || 'none'}
          </span>
        )}
      </header>
      {pair.kind === 'unchanged' ? (
        <p class="muted small">Same text in both versions.</p>
      ) : (
        <>
          <div class="merge-labels" aria-hidden="true">
            <span>
              {pair.kind === 'added' ? 'Not in' : 'In'} {versionLabel(from)}
            </span>
            <span>
              {pair.kind === 'removed' ? 'Not in' : 'In'} {versionLabel(to)}
            </span>
          </div>
          <MergeHost
            before={pair.before?.content ?? ''}
            after={pair.after?.content ?? ''}
            beforeLabel={`Flow ${pair.name} in the version of ${versionLabel(from)}`}
            afterLabel={`Flow ${pair.name} in the version of ${versionLabel(to)}`}
          />
        </>
      )}
    </article>
  );
}

export function VersionDiff(props: {
  api: Api;
  botId: string;
  fromId: string;
  toId: string;
}): JSX.Element {
  const { api, botId, fromId, toId } = props;
  const { state, reload } = useLoad(
    () => Promise.all([api.getVersion(botId, fromId), api.getVersion(botId, toId)]),
    [api, botId, fromId, toId],
  );
  if (state.status === 'loading') return <Loading label="Loading both versions…" />;
  if (state.status === 'error') {
    return (
      <ErrorNotice
        title="Could not load the versions to compare:"
        error={state.error}
        action={
          <button type="button" onClick={reload}>
            Retry
          </button>
        }
      />
    );
  }
  const [from, to] = state.value;
  const pairs = pairFlows(from.flows, to.flows);
  const count = (kind: FlowPair['kind']): number =>
    pairs.filter((pair) => pair.kind === kind).length;
  const summary = [
    count('changed') > 0 ? `${plural(count('changed'), 'flow')} changed` : null,
    count('added') > 0 ? `${count('added')} added` : null,
    count('removed') > 0 ? `${count('removed')} removed` : null,
  ].filter((part) => part !== null);
  return (
    <section class="diff" aria-labelledby="diff-title">
      <h3 id="diff-title">
        From {versionLabel(from)} to {versionLabel(to)}
      </h3>
      <p class="muted">
        {summary.length === 0 ? 'The flows are the same in both versions.' : summary.join(', ')}
        {from.default_flow !== to.default_flow && ' · the default flow changed'}
      </p>
      {pairs.map((pair) => (
        <PairView key={`${pair.kind}:${pair.name}`} pair={pair} from={from} to={to} />
      ))}
    </section>
  );
}
