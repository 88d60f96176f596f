/**
 * The lines of a chat log: the user's events, the bot's messages and the log's own notices.
 * Built here, without a browser, from a chat answer or a stored transcript.
 */
import type { Payload, TranscriptMessage, Understanding } from '../api.js';
import { understandingOfEvent } from './understanding.js';
import { messageView, userEventHasBody, userEventNote, userEventView } from './views.js';
import type { ButtonView, MessageView } from './views.js';

export type LogEntry =
  | {
      readonly id: string;
      readonly who: 'user';
      /** Null for events with nothing to show but their note (a flow trigger, secure input). */
      readonly view: MessageView | null;
      readonly note: string | null;
      readonly nlu: Understanding | null;
      readonly at: string | null;
    }
  | {
      readonly id: string;
      readonly who: 'bot';
      readonly view: MessageView;
      /** A Conversations-surface message type other than a plain bot message. */
      readonly note: string | null;
      readonly at: string | null;
    }
  | {
      readonly id: string;
      readonly who: 'notice';
      readonly tone: 'error' | 'info' | 'end';
      readonly text: string;
    };

export function userEntry(
  id: string,
  payload: Payload,
  options: { shownAs?: string; at?: string } = {},
): LogEntry {
  const view: MessageView | null =
    options.shownAs !== undefined
      ? { kind: 'text', segments: [{ kind: 'text', text: options.shownAs }] }
      : userEventHasBody(payload)
        ? userEventView(payload)
        : null;
  return {
    id,
    who: 'user',
    view,
    note: options.shownAs !== undefined ? null : userEventNote(payload),
    nlu: payload.content_type === 'text' ? understandingOfEvent(payload.content) : null,
    at: options.at ?? null,
  };
}

export function botEntry(id: string, payload: Payload, at: string | null = null): LogEntry {
  return { id, who: 'bot', view: messageView(payload), note: null, at };
}

/** A stored message as a log line (`bot` messages of the Conversations surface say their type). */
export function transcriptEntry(message: TranscriptMessage): LogEntry {
  const id = `seq-${message.seq}`;
  if (message.direction === 'user') {
    return userEntry(id, message.payload, { at: message.created_at });
  }
  return {
    id,
    who: 'bot',
    view: messageView(message.payload),
    note: message.type === 'bot' ? null : message.type,
    at: message.created_at,
  };
}

function buttonsIn(view: MessageView): readonly ButtonView[] {
  switch (view.kind) {
    case 'question':
    case 'buttons':
      return view.buttons;
    case 'card':
      return view.card.buttons;
    case 'carousel':
      return view.cards.flatMap((card) => card.buttons);
    case 'text':
    case 'empty':
    case 'media':
    case 'link':
    case 'pause':
    case 'error':
    case 'debug':
    case 'handover':
    case 'json':
      return [];
  }
}

/**
 * Stored messages as log lines. A clicked button is stored as its payload only: it is shown
 * by the title of the button that offered it in the bot's preceding messages, as the person
 * saw it when clicking (the payload when no such button is found).
 */
export function transcriptEntries(messages: readonly TranscriptMessage[]): LogEntry[] {
  let offered: ButtonView[] = [];
  return messages.map((message) => {
    if (message.direction === 'bot') {
      const entry = transcriptEntry(message);
      if (entry.who === 'bot') offered.push(...buttonsIn(entry.view));
      return entry;
    }
    const content = message.payload.content;
    const payload =
      message.payload.content_type === 'payload' &&
      typeof content === 'object' &&
      content !== null &&
      'payload' in content
        ? content.payload
        : undefined;
    const button = offered.findLast((candidate) => candidate.payload === payload);
    offered = [];
    return button === undefined
      ? transcriptEntry(message)
      : userEntry(`seq-${message.seq}`, message.payload, {
          shownAs: button.title,
          at: message.created_at,
        });
  });
}
