/** The bot's conversations on every channel, newest first, a page at a time. */
import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

import type { Api, Bot, ConversationSummary } from '../api.js';
import { channelLabel, transcriptHash, userLabel } from './format.js';
import { LoadMore } from './load-more.js';
import type { PageLoad } from './load-more.js';
import { When } from './when.js';

const PAGE = 25;

type Load = PageLoad;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function ConversationList(props: {
  api: Api;
  bot: Bot;
  navigate: (hash: string) => void;
}): JSX.Element {
  const { api, bot, navigate } = props;
  const [items, setItems] = useState<readonly ConversationSummary[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [more, setMore] = useState<Load>({ state: 'ready' });
  const [now, setNow] = useState(() => Date.now());

  const refresh = useCallback(async (): Promise<void> => {
    setLoad({ state: 'loading' });
    try {
      const page = await api.listConversations(bot.id, { limit: PAGE });
      setItems(page.items);
      setNextBefore(page.next_before);
      setNow(Date.now());
      setLoad({ state: 'ready' });
    } catch (error) {
      setLoad({ state: 'failed', message: messageOf(error) });
    }
  }, [api, bot.id]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const loadMore = async (): Promise<void> => {
    if (nextBefore === null) return;
    setMore({ state: 'loading' });
    try {
      const page = await api.listConversations(bot.id, { limit: PAGE, before: nextBefore });
      setItems((current) => [...current, ...page.items]);
      setNextBefore(page.next_before);
      setMore({ state: 'ready' });
    } catch (error) {
      setMore({ state: 'failed', message: messageOf(error) });
    }
  };

  return (
    <section class="cv" aria-labelledby="cv-title">
      <div class="cv-head">
        <h2 id="cv-title" class="cv-title">
          Conversations
        </h2>
        <button
          type="button"
          class="pg-button"
          onClick={() => void refresh()}
          disabled={load.state === 'loading'}
        >
          Refresh
        </button>
      </div>
      {load.state === 'loading' && items.length === 0 && (
        <p class="cv-status">Loading conversations…</p>
      )}
      {load.state === 'failed' && (
        <p class="cv-status cv-status-error" role="alert">
          The conversations could not be loaded: {load.message}
        </p>
      )}
      {load.state === 'ready' && items.length === 0 && (
        <div class="cv-status">
          <p class="cv-empty-title">No conversations yet.</p>
          <p>
            Conversations with {bot.name} on every channel appear here: talk to it in the
            Playground, or through the Studio, Textbots or Conversations APIs.
          </p>
        </div>
      )}
      {items.length > 0 && (
        <table class="cv-table">
          <caption class="pg-sr">Conversations of {bot.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col" class="cv-num">
                Turns
              </th>
              <th scope="col">Started</th>
              <th scope="col">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const hash = transcriptHash(bot.id, item.id);
              return (
                <tr key={item.id}>
                  <td data-label="User">
                    <a
                      class="cv-open"
                      href={hash}
                      title={`Open the transcript (${item.user})`}
                      onClick={(event) => {
                        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
                        event.preventDefault();
                        navigate(hash);
                      }}
                    >
                      {userLabel(item.channel, item.user)}
                    </a>
                  </td>
                  <td data-label="Channel">{channelLabel(item.channel)}</td>
                  <td data-label="Status">
                    <span class={`cv-badge cv-badge-${item.status}`}>{item.status}</span>
                  </td>
                  <td data-label="Turns" class="cv-num">
                    {item.turns}
                  </td>
                  <td data-label="Started">
                    <When iso={item.created_at} now={now} />
                  </td>
                  <td data-label="Last activity">
                    <When iso={item.last_activity_at} now={now} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <LoadMore
        what="conversations"
        more={more}
        available={load.state === 'ready' && nextBefore !== null}
        onLoad={() => void loadMore()}
      />
    </section>
  );
}
