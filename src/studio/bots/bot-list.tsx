/** #/bots: the organization's bots, and "New bot". */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

import type { Api } from '../api.js';
import { navigate } from '../navigation.js';
import { hashOf } from '../router.js';
import { formatDate } from '../ui/format.js';
import { useLoad } from '../ui/loadable.js';
import { NameDialog } from '../ui/name-dialog.js';
import { ErrorNotice, Loading } from '../ui/notices.js';

export function BotList(props: { api: Api }): JSX.Element {
  const { api } = props;
  const { state, reload } = useLoad(() => api.listBots(), [api]);
  const [creating, setCreating] = useState(false);

  return (
    <section class="page" aria-labelledby="bots-title">
      <div class="page-head">
        <h1 id="bots-title">Bots</h1>
        <button
          type="button"
          class="primary"
          onClick={() => {
            setCreating(true);
          }}
        >
          New bot
        </button>
      </div>
      {state.status === 'loading' && <Loading label="Loading bots…" />}
      {state.status === 'error' && (
        <ErrorNotice
          title="Could not list the bots:"
          error={state.error}
          action={
            <button type="button" onClick={reload}>
              Retry
            </button>
          }
        />
      )}
      {state.status === 'ready' &&
        (state.value.length === 0 ? (
          <p class="empty">No bots yet: create one with “New bot”.</p>
        ) : (
          <ul class="cards">
            {state.value.map((bot) => (
              <li key={bot.id} class="card bot-card">
                <h2>
                  <a href={hashOf({ page: 'flows', botId: bot.id })}>{bot.name}</a>
                </h2>
                <p class={bot.description ? 'description' : 'description muted'}>
                  {bot.description ?? 'No description'}
                </p>
                <p class="muted small">
                  Updated <time dateTime={bot.updated_at}>{formatDate(bot.updated_at)}</time>
                </p>
              </li>
            ))}
          </ul>
        ))}
      {creating && (
        <NameDialog
          title="New bot"
          submitLabel="Create"
          hint="It starts with one flow, Default, that says hello."
          onClose={() => {
            setCreating(false);
          }}
          onSubmit={async (name) => {
            const bot = await api.createBot(name);
            setCreating(false);
            const flowId = bot.default_flow ?? bot.flows?.[0]?.id ?? null;
            navigate(
              hashOf(
                flowId === null
                  ? { page: 'flows', botId: bot.id }
                  : { page: 'flow', botId: bot.id, flowId },
              ),
            );
          }}
        />
      )}
    </section>
  );
}
