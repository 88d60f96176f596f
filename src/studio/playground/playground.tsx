/**
 * The playground: a chat with the bot's latest build or a chosen version (studio-api.md §7.1),
 * rendering every CSML component (csml.md §12), with the NLU's reading of each text and a
 * restart. The user id lives in session storage, so a reload continues the conversation.
 */
import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

import { ApiError } from '../api.js';
import type { Api, Bot, ChatAnswer, Payload, VersionSummary } from '../api.js';
import { Bubble } from './bubble.js';
import { botEntry, transcriptEntries, userEntry } from './entries.js';
import type { LogEntry } from './entries.js';
import { chooseVersion, chosenVersion, playgroundUser, replaceUser } from './session.js';
import { versionLabel } from './version-label.js';
import { messageView, pauseMs } from './views.js';
import type { ButtonView } from './views.js';
import './playground.css';

type Versions =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly list: readonly VersionSummary[] };

function randomId(): string {
  // getRandomValues works on plain-http hosts too, where randomUUID is missing.
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Up to this many stored messages are shown again when a reload resumes a conversation. */
const RESUME_LIMIT = 500;

export function Playground(props: { api: Api; bot: Bot }): JSX.Element {
  // Another bot is another user id, log and version choice: start afresh.
  return <BotPlayground key={props.bot.id} api={props.api} bot={props.bot} />;
}

function BotPlayground(props: { api: Api; bot: Bot }): JSX.Element {
  const { api, bot } = props;
  const [versions, setVersions] = useState<Versions>({ state: 'loading' });
  const [versionId, setVersionId] = useState<string | null>(() =>
    chosenVersion(sessionStorage, bot.id),
  );
  const [userId, setUserId] = useState(
    () => playgroundUser(sessionStorage, bot.id, randomId).userId,
  );
  const [entries, setEntries] = useState<readonly LogEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const [typing, setTyping] = useState(false);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const log = useRef<HTMLDivElement>(null);
  // Bumped by a restart or an unmount: a turn still playing then stops adding lines.
  const generation = useRef(0);
  const counter = useRef(0);

  const nextId = (): string => {
    counter.current += 1;
    return `e${counter.current}`;
  };
  const append = (...added: LogEntry[]): void => {
    setEntries((current) => [...current, ...added]);
  };
  const notice = (tone: 'error' | 'info' | 'end', message: string): void => {
    append({ id: nextId(), who: 'notice', tone, text: message });
  };

  const loadVersions = useCallback(async (): Promise<void> => {
    setVersions({ state: 'loading' });
    try {
      const list = await api.listVersions(bot.id, { limit: 50 });
      setVersions({ state: 'ready', list });
      // A chosen version that is gone falls back to the latest build.
      setVersionId((chosen) => {
        if (chosen === null || list.some((v) => v.version_id === chosen)) return chosen;
        chooseVersion(sessionStorage, bot.id, null);
        return null;
      });
    } catch (error) {
      setVersions({ state: 'failed', message: messageOf(error) });
    }
  }, [api, bot.id]);

  useEffect(() => {
    void loadVersions();
  }, [loadVersions]);

  useEffect(
    () => () => {
      // Unmounted: a turn still in flight must not touch this component any more.
      generation.current += 1;
    },
    [],
  );

  // A reload continues the conversation (same user id): show what was said so far.
  const firstUser = useRef(userId);
  useEffect(() => {
    const mine = generation.current;
    void (async () => {
      try {
        const open = await api.openConversation(bot.id, firstUser.current);
        if (!open.has_open || open.conversation === null) return;
        const restored: LogEntry[] = [];
        let after: number | undefined;
        do {
          const page = await api.listMessages(bot.id, open.conversation.id, {
            limit: 100,
            ...(after === undefined ? {} : { after }),
          });
          restored.push(...transcriptEntries(page.items).filter(shownOnResume));
          after = page.next_after ?? undefined;
        } while (after !== undefined && restored.length < RESUME_LIMIT);
        if (generation.current !== mine || restored.length === 0) return;
        setEntries((current) => [
          ...restored,
          {
            id: 'resumed',
            who: 'notice',
            tone: 'info',
            text: 'Continuing the conversation you had open. Restart to begin a new one.',
          },
          ...current,
        ]);
      } catch {
        // Without the history the chat still works: the next answer continues the conversation.
      }
    })();
  }, [api, bot.id]);

  // The log follows new lines unless the person scrolled up to read older ones.
  const pinned = useRef(true);
  const follow = (): void => {
    const element = log.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  };
  useEffect(follow, [entries, typing]);

  const play = async (answer: ChatAnswer, mine: number): Promise<void> => {
    for (const message of answer.messages) {
      if (generation.current !== mine) return;
      const view = messageView(message.payload);
      if (view.kind === 'pause') {
        setTyping(true);
        await sleep(pauseMs(view));
        setTyping(false);
        continue;
      }
      append(botEntry(nextId(), message.payload));
    }
    if (generation.current !== mine) return;
    if (answer.messages.length === 0) notice('info', 'The bot did not answer this time.');
    if (answer.conversation_end) {
      notice('end', 'The bot ended the conversation. Your next message starts a new one.');
    }
  };

  const send = async (payload: Payload, shownAs?: string): Promise<void> => {
    const mine = generation.current;
    const id = nextId();
    pinned.current = true;
    append(userEntry(id, payload, shownAs === undefined ? {} : { shownAs }));
    setBusy(true);
    try {
      const answer = await api.chat(bot.id, {
        userId,
        payload,
        ...(versionId === null ? {} : { versionId }),
      });
      if (generation.current !== mine) return;
      const { nlu } = answer;
      if (nlu !== undefined) {
        setEntries((current) =>
          current.map((entry) =>
            entry.id === id && entry.who === 'user' ? { ...entry, nlu } : entry,
          ),
        );
      }
      await play(answer, mine);
    } catch (error) {
      if (generation.current !== mine) return;
      if (error instanceof ApiError && error.status === 409 && /build/i.test(error.message)) {
        void loadVersions();
      }
      notice('error', messageOf(error));
    } finally {
      if (generation.current === mine) {
        setTyping(false);
        setBusy(false);
        // Back to the keyboard for the next message (after the re-render enables the input).
        setTimeout(() => input.current?.focus(), 0);
      }
    }
  };

  const restart = async (nextVersion: string | null = versionId): Promise<void> => {
    generation.current += 1;
    const previousUser = userId;
    const freshUser = replaceUser(sessionStorage, bot.id, randomId);
    chooseVersion(sessionStorage, bot.id, nextVersion);
    setVersionId(nextVersion);
    setUserId(freshUser);
    setBusy(false);
    setTyping(false);
    setEntries([]);
    try {
      await api.closeConversations(bot.id, previousUser);
      notice('info', `New conversation on ${describeVersion(nextVersion)}.`);
    } catch (error) {
      notice('error', `The previous conversation could not be closed: ${messageOf(error)}`);
    }
    input.current?.focus();
  };

  const describeVersion = (id: string | null): string => {
    if (id === null) return 'the latest build';
    const list = versions.state === 'ready' ? versions.list : [];
    const index = list.findIndex((v) => v.version_id === id);
    const version = list[index];
    return version === undefined ? 'the chosen version' : versionLabel(version, index);
  };

  const submit = (): void => {
    const message = text.trim();
    if (message === '' || busy) return;
    setText('');
    void send({ content_type: 'text', content: { text: message } });
  };

  const onButton = (button: ButtonView): void => {
    if (busy) return;
    void send({ content_type: 'payload', content: { payload: button.payload } }, button.title);
  };

  if (versions.state === 'loading') {
    return (
      <section class="pg" aria-labelledby="pg-title">
        <Title />
        <p class="pg-status">Loading the bot's versions…</p>
      </section>
    );
  }
  if (versions.state === 'failed') {
    return (
      <section class="pg" aria-labelledby="pg-title">
        <Title />
        <p class="pg-status pg-status-error" role="alert">
          The bot's versions could not be loaded: {versions.message}
        </p>
        <button type="button" class="pg-button" onClick={() => void loadVersions()}>
          Try again
        </button>
      </section>
    );
  }
  if (versions.list.length === 0) {
    return (
      <section class="pg" aria-labelledby="pg-title">
        <Title />
        <div class="pg-empty">
          <p class="pg-empty-title">{bot.name} has no build yet.</p>
          <p>
            The playground talks to a built version of the bot. Build it on the{' '}
            <a href={`#/bots/${encodeURIComponent(bot.id)}/versions`}>Versions</a> page (the Build
            button); once the build succeeds, come back here.
          </p>
          <button type="button" class="pg-button" onClick={() => void loadVersions()}>
            Check again
          </button>
        </div>
      </section>
    );
  }

  const list = versions.list;
  return (
    <section class="pg" aria-labelledby="pg-title">
      <Title />
      <div class="pg-toolbar">
        <label class="pg-field">
          <span>Version</span>
          <select
            value={versionId ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              void restart(value === '' ? null : value);
            }}
          >
            <option value="">Latest build</option>
            {list.map((version, index) => (
              <option key={version.version_id} value={version.version_id}>
                {versionLabel(version, index)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="pg-button"
          onClick={() => void restart()}
          title="Close this conversation and start a new one as a new user"
        >
          Restart
        </button>
      </div>
      <div
        class="pg-log"
        role="log"
        aria-label="Conversation"
        aria-live="polite"
        ref={log}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
        }}
        // An image that arrives after its line grows the log: keep the newest line in view.
        onLoadCapture={follow}
      >
        <ol class="pg-lines">
          {entries.length === 0 && !busy && (
            <li class="pg-row pg-row-notice">
              <p class="pg-notice pg-hint">
                Say something to start a conversation with {bot.name}.
              </p>
            </li>
          )}
          {entries.map((entry) => (
            <Bubble key={entry.id} entry={entry} onButton={onButton} disabled={busy} />
          ))}
          {typing && (
            <li class="pg-row pg-row-bot">
              <div class="pg-bubble pg-bubble-bot pg-typing">
                <span class="pg-sr">The bot is typing…</span>
                <span class="pg-dot" aria-hidden="true" />
                <span class="pg-dot" aria-hidden="true" />
                <span class="pg-dot" aria-hidden="true" />
              </div>
            </li>
          )}
        </ol>
      </div>
      <form
        class="pg-composer"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label class="pg-sr" for="pg-message">
          Message
        </label>
        <input
          id="pg-message"
          ref={input}
          type="text"
          autocomplete="off"
          placeholder="Message"
          value={text}
          disabled={busy}
          onInput={(event) => {
            setText(event.currentTarget.value);
          }}
        />
        <button type="submit" class="pg-button pg-send" disabled={busy || text.trim() === ''}>
          Send
        </button>
      </form>
    </section>
  );
}

function Title(): JSX.Element {
  return (
    <h2 id="pg-title" class="pg-title">
      Playground
    </h2>
  );
}

/** Pauses are not replayed from a transcript: they were only timing. */
function shownOnResume(entry: LogEntry): boolean {
  return !(entry.who === 'bot' && entry.view.kind === 'pause');
}
