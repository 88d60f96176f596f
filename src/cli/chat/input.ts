/** What a line typed in `parley chat` sends to the bot. */
import type { ClientEvent } from '../../engine/events.js';
import type { Choice } from './render.js';

/** The first event of a conversation, as a client's first contact sends it. */
export const OPENING_EVENT: ClientEvent = { content_type: 'text', content: { text: '' } };

/** Lines that leave the chat instead of being sent. */
export const QUIT_COMMANDS: readonly string[] = ['/quit', '/exit'];

export interface ResolvedInput {
  readonly event: ClientEvent;
  /** The button the line picked, if it picked one. */
  readonly choice: Choice | null;
}

/**
 * A line is a button click when it is the number of one of the last turn's buttons or, ignoring
 * case and surrounding spaces, its title: a `payload` event with the button's payload. Any other
 * line is a `text` event holding the line as typed.
 */
export function resolveInput(line: string, choices: readonly Choice[]): ResolvedInput {
  const typed = line.trim();
  let choice: Choice | undefined;
  if (/^[0-9]+$/.test(typed)) choice = choices[Number(typed) - 1];
  if (choice === undefined && typed !== '') {
    const lower = typed.toLowerCase();
    choice = choices.find((c) => c.title.trim().toLowerCase() === lower);
  }
  if (choice === undefined) {
    return { event: { content_type: 'text', content: { text: line } }, choice: null };
  }
  return { event: { content_type: 'payload', content: { payload: choice.payload } }, choice };
}

export function isQuit(line: string): boolean {
  return QUIT_COMMANDS.includes(line.trim().toLowerCase());
}
