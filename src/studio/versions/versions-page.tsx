/**
 * #/bots/<botId>/versions: "Build", the versions newest first (date, content hash, engine), and
 * the side-by-side diff of any two of them.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import type { Api, VersionSummary } from '../api.js';
import { useWorkspace } from '../bots/use-workspace.js';
import type { Workspace } from '../bots/workspace.js';
import { openFlowAt } from '../flows/flow-page.js';
import { ProblemsPanel } from '../flows/problems-panel.js';
import { problemsOf } from '../flows/problems.js';
import { formatDate, shortHash } from '../ui/format.js';
import { ErrorNotice, Loading } from '../ui/notices.js';
import { BuildStatus } from './build-status.js';
import { useBuild } from './use-build.js';
import { VersionDiff } from './version-diff.js';

const PAGE = 50;

type Listing =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | {
      readonly status: 'ready';
      readonly versions: readonly VersionSummary[];
      readonly more: boolean;
    };

export function VersionsPage(props: { api: Api; workspace: Workspace }): JSX.Element {
  const { api } = props;
  const workspace = useWorkspace(props.workspace);
  const botId = workspace.bot.id;
  const builder = useBuild(api, botId);
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [loadingMore, setLoadingMore] = useState<unknown>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);

  const load = async (): Promise<void> => {
    setListing({ status: 'loading' });
    try {
      const versions = await api.listVersions(botId, { limit: PAGE });
      setListing({ status: 'ready', versions, more: versions.length === PAGE });
      setTo(versions[0]?.version_id ?? null);
      setFrom(versions[1]?.version_id ?? null);
    } catch (error) {
      setListing({ status: 'error', error });
    }
  };

  useEffect(() => {
    void load();
    // Loaded once per bot; a build reloads it.
  }, [api, botId]);

  const loadMore = async (): Promise<void> => {
    if (listing.status !== 'ready') return;
    const last = listing.versions.at(-1);
    if (last === undefined) return;
    setLoadingMore(true);
    try {
      const older = await api.listVersions(botId, { limit: PAGE, before: last.version_id });
      setListing({
        status: 'ready',
        versions: [...listing.versions, ...older],
        more: older.length === PAGE,
      });
      setLoadingMore(null);
    } catch (error) {
      setLoadingMore(error);
    }
  };

  const build = async (): Promise<void> => {
    const result = await builder.build();
    if (result.status === 'built' && result.fresh) await load();
  };

  const textOf = (name: string): string | null => {
    const flow = workspace.flowNamed(name);
    return flow === null ? null : flow.content;
  };
  const refused =
    builder.state.status === 'refused'
      ? problemsOf(
          [...builder.state.error.diagnostics, ...builder.state.error.warnings],
          workspace.flows,
          textOf,
        )
      : [];
  const refusedErrors = refused.filter((problem) => problem.diagnostic.severity === 'error');

  return (
    <section class="page-section" aria-labelledby="versions-title">
      <div class="page-head">
        <h2 id="versions-title">Versions</h2>
        <button
          type="button"
          class="primary"
          disabled={builder.state.status === 'building'}
          aria-busy={builder.state.status === 'building'}
          onClick={() => void build()}
        >
          Build
        </button>
      </div>
      <p class="muted">
        A build checks the saved flows and freezes them, with the bot's settings, into a new
        version; new conversations run the latest one.
        {workspace.isDirty() && ' Unsaved editor changes are not part of it.'}
      </p>
      <BuildStatus state={builder.state} problems={refusedErrors} />
      {builder.state.status === 'refused' && (
        <ProblemsPanel
          problems={refused}
          source="build"
          checking={false}
          error={null}
          onSelect={(problem) => {
            if (problem.flowId === null) return;
            openFlowAt(botId, problem.flowId, problem.diagnostic.line, problem.diagnostic.column);
          }}
        />
      )}

      {listing.status === 'loading' && <Loading label="Loading versions…" />}
      {listing.status === 'error' && (
        <ErrorNotice
          title="Could not list the versions:"
          error={listing.error}
          action={
            <button type="button" onClick={() => void load()}>
              Retry
            </button>
          }
        />
      )}
      {listing.status === 'ready' &&
        (listing.versions.length === 0 ? (
          <p class="empty">Not built yet: “Build” makes the first version.</p>
        ) : (
          <>
            <p class="muted small" id="compare-hint">
              Pick the version to compare from and the one to compare to: their flows show side by
              side below.
            </p>
            <div class="table-scroll">
              <table class="versions" aria-describedby="compare-hint">
                <caption class="sr-only">Versions, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Built</th>
                    <th scope="col">Content hash</th>
                    <th scope="col">Engine</th>
                    <th scope="col">Version id</th>
                  </tr>
                </thead>
                <tbody>
                  {listing.versions.map((version, index) => {
                    const date = formatDate(version.created_at, 'seconds');
                    return (
                      <tr key={version.version_id}>
                        <td>
                          <input
                            type="radio"
                            name="compare-from"
                            checked={from === version.version_id}
                            aria-label={`Compare from the version built ${date}`}
                            onChange={() => {
                              setFrom(version.version_id);
                            }}
                          />
                        </td>
                        <td>
                          <input
                            type="radio"
                            name="compare-to"
                            checked={to === version.version_id}
                            aria-label={`Compare to the version built ${date}`}
                            onChange={() => {
                              setTo(version.version_id);
                            }}
                          />
                        </td>
                        <td>
                          <time dateTime={version.created_at}>{date}</time>
                          {index === 0 && <span class="badge">latest</span>}
                        </td>
                        <td>
                          <code title={version.content_hash}>
                            {shortHash(version.content_hash)}
                          </code>
                        </td>
                        <td>{version.engine_version}</td>
                        <td>
                          <code class="id">{version.version_id}</code>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {listing.more && (
              <button type="button" disabled={loadingMore === true} onClick={() => void loadMore()}>
                Older versions
              </button>
            )}
            {loadingMore !== null && loadingMore !== true && (
              <ErrorNotice title="Could not load older versions:" error={loadingMore} />
            )}
            {from !== null && to !== null && from !== to ? (
              <VersionDiff api={api} botId={botId} fromId={from} toId={to} />
            ) : (
              <p class="muted">
                {listing.versions.length < 2
                  ? 'Build again after a change to compare two versions.'
                  : 'Pick two different versions to compare them.'}
              </p>
            )}
          </>
        ))}
    </section>
  );
}
