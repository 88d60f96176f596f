/** One conversation: its summary, then every stored message in order, a page at a time. */
import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

import { ApiError } from '../api.js';
import type { Api, Bot, ConversationSummary, TranscriptMessage } from '../api.js';
import { Bubble } from '../playground/bubble.js';
import { transcriptEntries } from '../playground/entries.js';
import { channelLabel, listHash, shortId, userLabel } from './format.js';
import { LoadMore } from './load-more.js';
import { When } from './when.js';

const PAGE = 100;

type Load =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string; readonly missing: boolean }
  | { readonly state: 'ready' };

function failure(error: unknown): Load {
  if (error instanceof ApiError && error.status === 404) {
    const missing = !/bot/i.test(error.message);
    return {
      state: 'failed',
      missing,
      message: missing ? 'This conversation does not exist.' : error.message,
    };
  }
  return {
    state: 'failed',
    missing: false,
    message: error instanceof Error ? error.message : String(error),
  };
}

export function Transcript(props: {
  api: Api;
  bot: Bot;
  conversationId: string;
  navigate: (hash: string) => void;
}): JSX.Element {
  const { api, bot, conversationId, navigate } = props;
  const [summary, setSummary] = useState<ConversationSummary | null>(null);
  const [messages, setMessages] = useState<readonly TranscriptMessage[]>([]);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [more, setMore] = useState<Load>({ state: 'ready' });
  const [now, setNow] = useState(() => Date.now());

  const open = useCallback(async (): Promise<void> => {
    setLoad({ state: 'loading' });
    setSummary(null);
    setMessages([]);
    try {
      const [found, page] = await Promise.all([
        api.getConversation(bot.id, conversationId),
        api.listMessages(bot.id, conversationId, { limit: PAGE }),
      ]);
      setSummary(found);
      setMessages(page.items);
      setNextAfter(page.next_after);
      setNow(Date.now());
      setLoad({ state: 'ready' });
    } catch (error) {
      setLoad(failure(error));
    }
  }, [api, bot.id, conversationId]);

  useEffect(() => {
    void open();
  }, [open]);

  const loadMore = async (): Promise<void> => {
    if (nextAfter === null) return;
    setMore({ state: 'loading' });
    try {
      const page = await api.listMessages(bot.id, conversationId, {
        limit: PAGE,
        after: nextAfter,
      });
      setMessages((current) => [...current, ...page.items]);
      setNextAfter(page.next_after);
      setMore({ state: 'ready' });
    } catch (error) {
      setMore(failure(error));
    }
  };

  const back = listHash(bot.id);
  return (
    <section class="cv" aria-labelledby="cv-transcript-title">
      <p class="cv-back">
        <a
          href={back}
          onClick={(event) => {
            if (event.ctrlKey || event.metaKey || event.shiftKey) return;
            event.preventDefault();
            navigate(back);
          }}
        >
          <span aria-hidden="true">← </span>Back to conversations
        </a>
      </p>
      <h2 id="cv-transcript-title" class="cv-title">
        Conversation {shortId(conversationId)}
      </h2>
      {load.state === 'loading' && <p class="cv-status">Loading the conversation…</p>}
      {load.state === 'failed' && (
        <div class="cv-status cv-status-error" role="alert">
          <p>{load.message}</p>
          {!load.missing && (
            <button type="button" class="pg-button" onClick={() => void open()}>
              Try again
            </button>
          )}
        </div>
      )}
      {summary !== null && (
        <dl class="cv-summary">
          <div>
            <dt>User</dt>
            <dd title={summary.user}>{userLabel(summary.channel, summary.user)}</dd>
          </div>
          <div>
            <dt>Channel</dt>
            <dd>{channelLabel(summary.channel)}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <span class={`cv-badge cv-badge-${summary.status}`}>{summary.status}</span>
            </dd>
          </div>
          <div>
            <dt>Turns</dt>
            <dd>{summary.turns}</dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd title={summary.version_id ?? undefined}>
              {summary.version_id === null ? 'none' : shortId(summary.version_id)}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <When iso={summary.created_at} now={now} />
            </dd>
          </div>
          <div>
            <dt>Last activity</dt>
            <dd>
              <When iso={summary.last_activity_at} now={now} />
            </dd>
          </div>
        </dl>
      )}
      {load.state === 'ready' && messages.length === 0 && (
        <p class="cv-status">No messages in this conversation.</p>
      )}
      {messages.length > 0 && (
        <div class="pg cv-transcript">
          <ol class="pg-transcript" aria-label="Transcript">
            {transcriptEntries(messages).map((entry) => (
              <Bubble key={entry.id} entry={entry} />
            ))}
          </ol>
        </div>
      )}
      <LoadMore
        what="messages"
        more={more}
        available={load.state === 'ready' && nextAfter !== null}
        onLoad={() => void loadMore()}
      />
    </section>
  );
}
