import type { JSX } from 'preact';
import type { Api, Bot } from '../api.js';

/** The chat panel against a bot's latest build or a chosen version (studio-api.md §7.1). */
export function Playground(props: { api: Api; bot: Bot }): JSX.Element {
  return (
    <section class="pg" aria-label={`Playground of ${props.bot.name}`}>
      <p>The playground is loading…</p>
    </section>
  );
}
