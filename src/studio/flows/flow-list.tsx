/** #/bots/<botId>/flows: the bot's flows, in flow order, and "New flow". */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

import type { Api } from '../api.js';
import type { Workspace } from '../bots/workspace.js';
import { navigate } from '../navigation.js';
import { hashOf } from '../router.js';
import { formatDate } from '../ui/format.js';
import { NameDialog } from '../ui/name-dialog.js';
import { FLOW_NAME_HINT, newFlowContent } from './new-flow.js';

export function FlowList(props: { api: Api; workspace: Workspace }): JSX.Element {
  const { api, workspace } = props;
  const botId = workspace.bot.id;
  const [creating, setCreating] = useState(false);

  return (
    <section class="page-section" aria-labelledby="flows-title">
      <div class="page-head">
        <h2 id="flows-title">Flows</h2>
        <button
          type="button"
          class="primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          New flow
        </button>
      </div>
      {workspace.flows.length === 0 ? (
        <p class="empty">
          This bot has no flows (an LLM bot answers from its model). Add one with “New flow”.
        </p>
      ) : (
        <ul class="cards">
          {workspace.flows.map((flow) => (
            <li key={flow.id} class="card flow-card">
              <h3>
                <a href={hashOf({ page: 'flow', botId, flowId: flow.id })}>{flow.name}</a>
                {workspace.isDirty(flow.id) && (
                  <span class="dirty-dot" title="Unsaved changes">
                    <span class="sr-only"> (unsaved changes)</span>
                  </span>
                )}
              </h3>
              {workspace.bot.default_flow === flow.id && <span class="badge">Default flow</span>}
              <p class="muted small">
                {flow.commands.length === 0
                  ? 'No commands'
                  : `Commands: ${flow.commands.join(', ')}`}
                {flow.updated_at !== undefined && (
                  <>
                    {' · '}Updated{' '}
                    <time dateTime={flow.updated_at}>{formatDate(flow.updated_at)}</time>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <NameDialog
          title="New flow"
          submitLabel="Create"
          hint={FLOW_NAME_HINT}
          onClose={() => {
            setCreating(false);
          }}
          onSubmit={async (name) => {
            const created = await api.createFlow(botId, { name, content: newFlowContent(name) });
            workspace.putFlow(created);
            setCreating(false);
            navigate(hashOf({ page: 'flow', botId, flowId: created.id }));
          }}
        />
      )}
    </section>
  );
}
