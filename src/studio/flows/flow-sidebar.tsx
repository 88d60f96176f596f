/** The bot's flows beside the editor: one link each, a dot on those with unsaved changes. */
import type { JSX } from 'preact';

import type { Workspace } from '../bots/workspace.js';
import { hashOf } from '../router.js';

export function FlowSidebar(props: {
  workspace: Workspace;
  currentId: string;
  onNew: () => void;
}): JSX.Element {
  const { workspace } = props;
  return (
    <aside class="flow-sidebar" aria-label="Flows of this bot">
      <ul>
        {workspace.flows.map((flow) => (
          <li key={flow.id}>
            <a
              href={hashOf({ page: 'flow', botId: workspace.bot.id, flowId: flow.id })}
              aria-current={flow.id === props.currentId ? 'page' : undefined}
            >
              {flow.name}
              {workspace.isDirty(flow.id) && (
                <span class="dirty-dot" title="Unsaved changes">
                  <span class="sr-only"> (unsaved changes)</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <button type="button" class="small" onClick={props.onNew}>
        New flow
      </button>
    </aside>
  );
}
