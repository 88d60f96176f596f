import type { JSX } from 'preact';
import type { Api, Bot } from '../api.js';

/** The bot's conversations on every channel, and one conversation's transcript. */
export function Conversations(props: {
  api: Api;
  bot: Bot;
  conversationId: string | null;
  navigate: (hash: string) => void;
}): JSX.Element {
  return (
    <section class="cv" aria-label={`Conversations of ${props.bot.name}`}>
      <p>Conversations are loading…</p>
    </section>
  );
}
