/**
 * #/bots/<botId>/flows/<flowId>: one flow in the editor, with its commands, Save and Build,
 * live diagnostics (underlines and the Problems panel), rename, delete and "make default".
 * The other flows are listed alongside, so that moving between them is one click.
 */
import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import type { Api, Diagnostic, Flow } from '../api.js';
import { useWorkspace } from '../bots/use-workspace.js';
import type { Workspace } from '../bots/workspace.js';
import { FlowEditor } from '../editor/flow-editor.js';
import type { EditorDiagnostics, Jump } from '../editor/flow-editor.js';
import { navigate } from '../navigation.js';
import { hashOf } from '../router.js';
import { Dialog } from '../ui/dialog.js';
import { NameDialog } from '../ui/name-dialog.js';
import { ErrorNotice } from '../ui/notices.js';
import { BuildStatus } from '../versions/build-status.js';
import { useBuild } from '../versions/use-build.js';
import { CommandsInput } from './commands-input.js';
import { FlowSidebar } from './flow-sidebar.js';
import { FLOW_NAME_HINT, newFlowContent } from './new-flow.js';
import { ProblemsPanel } from './problems-panel.js';
import { problemsOf } from './problems.js';
import type { Problem } from './problems.js';
import { useLiveValidation } from './use-validation.js';
import type { LiveResult } from './use-validation.js';

/** A place in another flow to show once its editor opens (a click in Problems). */
let pendingJump: {
  readonly flowId: string;
  readonly line: number;
  readonly column: number;
} | null = null;

/** Opens a flow's editor with the cursor at a diagnostic's line and (byte) column. */
export function openFlowAt(botId: string, flowId: string, line: number, column: number): void {
  pendingJump = { flowId, line, column };
  navigate(hashOf({ page: 'flow', botId, flowId }));
}

export function FlowPage(props: { api: Api; workspace: Workspace; flowId: string }): JSX.Element {
  const flow = props.workspace.flow(props.flowId);
  if (flow === null) {
    return (
      <section class="page" aria-labelledby="flow-missing">
        <h2 id="flow-missing">Flow not found</h2>
        <p>
          This bot has no flow with the id <code>{props.flowId}</code> (it may have been deleted).{' '}
          <a href={hashOf({ page: 'flows', botId: props.workspace.bot.id })}>See its flows</a>.
        </p>
      </section>
    );
  }
  return <FlowWorkbench key={flow.id} api={props.api} workspace={props.workspace} flow={flow} />;
}

type Message = { readonly title: string; readonly error: unknown } | null;

interface Refusal {
  /** The live result shown when the build was refused: a newer one replaces the refusal. */
  readonly live: LiveResult | null;
  /** Flow name (lowercase) → the text that was built. */
  readonly texts: ReadonlyMap<string, string>;
}

function FlowWorkbench(props: { api: Api; workspace: Workspace; flow: Flow }): JSX.Element {
  const { api } = props;
  const workspace = useWorkspace(props.workspace);
  const botId = workspace.bot.id;
  // The flow as saved now (a rename or a save replaces the object given at mount).
  const flow = workspace.flow(props.flow.id) ?? props.flow;
  const working = workspace.working(flow);
  const dirty = workspace.isDirty(flow.id);
  const isDefault = workspace.bot.default_flow === flow.id;

  const live = useLiveValidation(api, workspace);
  const builder = useBuild(api, botId);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<Message>(null);
  const [saving, setSaving] = useState(false);
  const [dialog, setDialog] = useState<'new' | 'rename' | 'delete' | null>(null);
  const [jump, setJump] = useState<Jump | null>(() => {
    const pending = pendingJump;
    if (pending?.flowId !== props.flow.id) return null;
    pendingJump = null;
    return { line: pending.line, column: pending.column, seq: 1 };
  });

  const textOf = (name: string): string | null => {
    const known = workspace.flowNamed(name);
    return known === null ? null : workspace.working(known).content;
  };

  const refused = builder.state.status === 'refused' ? builder.state.error : null;
  const shownRefusal = refusal !== null && refusal.live === live.result ? refusal : null;
  const showRefusal = refused !== null && shownRefusal !== null;
  const shown: { diagnostics: readonly Diagnostic[]; texts: (name: string) => string | null } =
    refused !== null && shownRefusal !== null
      ? {
          diagnostics: [...refused.diagnostics, ...refused.warnings],
          texts: (name) => shownRefusal.texts.get(name.toLowerCase()) ?? textOf(name),
        }
      : {
          diagnostics: [
            ...(live.result?.validation.errors ?? []),
            ...(live.result?.validation.warnings ?? []),
          ],
          texts: (name) => live.result?.sent.get(name.toLowerCase()) ?? textOf(name),
        };
  const problems = problemsOf(shown.diagnostics, workspace.flows, shown.texts);
  const refusedProblems =
    refused === null
      ? []
      : problemsOf(
          refused.diagnostics,
          workspace.flows,
          (name) => refusal?.texts.get(name.toLowerCase()) ?? textOf(name),
        );

  const lowerName = flow.name.toLowerCase();
  const basis = shown.texts(flow.name);
  const editorDiagnostics = useMemo<EditorDiagnostics | null>(
    () =>
      basis === null || (!showRefusal && live.result === null)
        ? null
        : {
            basis,
            items: shown.diagnostics.filter(
              (diagnostic) => diagnostic.flow?.toLowerCase() === lowerName,
            ),
          },
    // Recomputed when what is shown changes, not on every render.
    [basis, showRefusal, live.result, lowerName],
  );

  const save = async (): Promise<boolean> => {
    const draft = workspace.drafts.get(flow.id);
    if (draft === undefined) {
      setStatus(`${flow.name} has no unsaved changes.`);
      return true;
    }
    setSaving(true);
    setFailure(null);
    setStatus('Saving…');
    try {
      const saved = await api.updateFlow(botId, flow.id, {
        content: draft.content,
        commands: draft.commands,
      });
      workspace.putFlow(saved);
      setStatus(`Saved ${saved.name} at ${new Date().toLocaleTimeString()}.`);
      return true;
    } catch (error) {
      setStatus('');
      setFailure({ title: `Could not save ${flow.name}:`, error });
      return false;
    } finally {
      setSaving(false);
    }
  };

  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  const build = async (): Promise<void> => {
    // A build takes the stored draft: what the editor shows is saved first.
    if (workspace.isDirty(flow.id) && !(await save())) return;
    setStatus('');
    const texts = new Map(
      workspace.flows.map((known) => [known.name.toLowerCase(), workspace.working(known).content]),
    );
    const liveNow = live.result;
    const result = await builder.build();
    if (result.status === 'refused') setRefusal({ live: liveNow, texts });
  };

  const makeDefault = async (): Promise<void> => {
    setFailure(null);
    try {
      const bot = await api.updateBot(botId, { default_flow: flow.id });
      workspace.setBot(bot);
      setStatus(`${flow.name} is now the default flow.`);
    } catch (error) {
      setFailure({ title: 'Could not change the default flow:', error });
    }
  };

  const select = (problem: Problem): void => {
    if (problem.flowId === null) return;
    const { line, column } = problem.diagnostic;
    if (problem.flowId === flow.id) {
      setJump((before) => ({ line, column, seq: (before?.seq ?? 0) + 1 }));
      return;
    }
    openFlowAt(botId, problem.flowId, line, column);
  };

  return (
    <div class="flow-layout">
      <FlowSidebar
        workspace={workspace}
        currentId={flow.id}
        onNew={() => {
          setDialog('new');
        }}
      />
      <section class="flow-main" aria-labelledby="flow-title">
        <header class="flow-head">
          <div class="flow-name">
            <h2 id="flow-title">
              {flow.name}
              {dirty && (
                <span class="dirty-dot" title="Unsaved changes">
                  <span class="sr-only"> (unsaved changes)</span>
                </span>
              )}
            </h2>
            {isDefault ? (
              <span class="badge">Default flow</span>
            ) : (
              <button type="button" class="small" onClick={() => void makeDefault()}>
                Make default
              </button>
            )}
            <button
              type="button"
              class="small"
              onClick={() => {
                setDialog('rename');
              }}
            >
              Rename
            </button>
            <button
              type="button"
              class="small danger"
              onClick={() => {
                setDialog('delete');
              }}
            >
              Delete
            </button>
          </div>
          <div class="flow-actions">
            <button
              type="button"
              class="primary"
              disabled={saving}
              aria-busy={saving}
              aria-keyshortcuts="Control+S Meta+S"
              onClick={() => void save()}
            >
              Save
            </button>
            <button
              type="button"
              disabled={builder.state.status === 'building'}
              aria-busy={builder.state.status === 'building'}
              onClick={() => void build()}
            >
              Build
            </button>
          </div>
        </header>

        <div class="flow-messages">
          <p role="status" class="status">
            {status}
          </p>
          {failure !== null && <ErrorNotice title={failure.title} error={failure.error} />}
          <BuildStatus state={builder.state} problems={refusedProblems} />
        </div>

        <CommandsInput
          commands={working.commands}
          onChange={(commands) => {
            workspace.setDraft(flow.id, { content: workspace.working(flow).content, commands });
          }}
        />

        <FlowEditor
          name={flow.name}
          initial={working.content}
          onChange={(content) => {
            workspace.setDraft(flow.id, { content, commands: workspace.working(flow).commands });
          }}
          diagnostics={editorDiagnostics}
          jump={jump}
        />
        <p id="editor-keys" class="hint keys">
          Ctrl/⌘-S saves, Ctrl/⌘-F finds, Ctrl/⌘-Z undoes, Ctrl-Space completes. Tab indents: press
          Escape then Tab to leave the editor.
        </p>

        <ProblemsPanel
          problems={problems}
          source={showRefusal ? 'build' : 'live'}
          checking={live.checking}
          error={live.error}
          onSelect={select}
        />
      </section>

      {dialog === 'new' && (
        <NameDialog
          title="New flow"
          submitLabel="Create"
          hint={FLOW_NAME_HINT}
          onClose={() => {
            setDialog(null);
          }}
          onSubmit={async (name) => {
            const created = await api.createFlow(botId, { name, content: newFlowContent(name) });
            workspace.putFlow(created);
            setDialog(null);
            navigate(hashOf({ page: 'flow', botId, flowId: created.id }));
          }}
        />
      )}
      {dialog === 'rename' && (
        <NameDialog
          title={`Rename flow ${flow.name}`}
          submitLabel="Rename"
          initial={flow.name}
          hint={`${FLOW_NAME_HINT} A goto flow ${flow.name} elsewhere must follow the new name.`}
          onClose={() => {
            setDialog(null);
          }}
          onSubmit={async (name) => {
            const renamed = await api.updateFlow(botId, flow.id, { name });
            workspace.putFlow(renamed);
            setDialog(null);
            setStatus(`Renamed to ${renamed.name}.`);
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteFlowDialog
          flow={flow}
          onClose={() => {
            setDialog(null);
          }}
          onDelete={async () => {
            await api.deleteFlow(botId, flow.id);
            setDialog(null);
            workspace.removeFlow(flow.id);
            navigate(hashOf({ page: 'flows', botId }));
          }}
        />
      )}
    </div>
  );
}

function DeleteFlowDialog(props: {
  flow: Flow;
  onDelete: () => Promise<void>;
  onClose: () => void;
}): JSX.Element {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={`Delete flow ${props.flow.name}?`} onClose={props.onClose}>
      <p>
        The flow leaves the bot's draft, with any unsaved changes. Versions already built keep it.
      </p>
      {error !== null && <ErrorNotice title="Not deleted:" error={error} />}
      <div class="actions">
        <button type="button" onClick={props.onClose} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy}
          aria-busy={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            props.onDelete().catch((failure: unknown) => {
              setError(failure);
              setBusy(false);
            });
          }}
        >
          Delete flow
        </button>
      </div>
    </Dialog>
  );
}
