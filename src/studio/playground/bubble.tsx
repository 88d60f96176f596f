/** One line of a chat log, shared by the playground and the transcripts. */
import type { JSX } from 'preact';

import type { LogEntry } from './entries.js';
import { bubbleTone, MessageBody } from './message-view.js';
import type { ButtonHandler } from './message-view.js';
import { understandingText } from './understanding.js';

function clock(iso: string): { short: string; full: string } | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return {
    short: date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
    full: date.toLocaleString(),
  };
}

function Time(props: { at: string | null }): JSX.Element | null {
  const time = props.at === null ? null : clock(props.at);
  if (time === null || props.at === null) return null;
  return (
    <time class="pg-time" dateTime={props.at} title={time.full}>
      {time.short}
    </time>
  );
}

export function Bubble(props: { entry: LogEntry } & ButtonHandler): JSX.Element {
  const { entry } = props;
  switch (entry.who) {
    case 'notice':
      return (
        <li class={`pg-row pg-row-notice pg-notice-${entry.tone}`}>
          <p class="pg-notice" role={entry.tone === 'error' ? 'alert' : undefined}>
            {entry.tone === 'error' && <strong>Error: </strong>}
            {entry.text}
          </p>
        </li>
      );
    case 'user':
      return (
        <li class="pg-row pg-row-user">
          {entry.view !== null && (
            <div class="pg-bubble pg-bubble-user">
              <span class="pg-sr">You: </span>
              <MessageBody view={entry.view} />
            </div>
          )}
          {(entry.note !== null || entry.at !== null) && (
            <p class="pg-meta">
              {entry.note !== null && <span class="pg-note">{entry.note}</span>}
              <Time at={entry.at} />
            </p>
          )}
          {entry.nlu !== null && <p class="pg-nlu">{understandingText(entry.nlu)}</p>}
        </li>
      );
    case 'bot':
      return (
        <li class="pg-row pg-row-bot">
          <div class={`pg-bubble pg-bubble-bot ${bubbleTone(entry.view)}`}>
            <span class="pg-sr">Bot: </span>
            <MessageBody view={entry.view} onButton={props.onButton} disabled={props.disabled} />
          </div>
          {(entry.note !== null || entry.at !== null) && (
            <p class="pg-meta">
              {entry.note !== null && <span class="pg-note">{entry.note}</span>}
              <Time at={entry.at} />
            </p>
          )}
        </li>
      );
  }
}
