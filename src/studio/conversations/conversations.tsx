import type { JSX } from 'preact';

import type { Api, Bot } from '../api.js';
import { ConversationList } from './conversation-list.js';
import { Transcript } from './transcript.js';
import '../playground/playground.css';
import './conversations.css';

/** The bot's conversations on every channel, and one conversation's transcript. */
export function Conversations(props: {
  api: Api;
  bot: Bot;
  conversationId: string | null;
  navigate: (hash: string) => void;
}): JSX.Element {
  const { api, bot, conversationId, navigate } = props;
  if (conversationId === null)
    return <ConversationList key={bot.id} api={api} bot={bot} navigate={navigate} />;
  return (
    <Transcript
      key={`${bot.id}/${conversationId}`}
      api={api}
      bot={bot}
      conversationId={conversationId}
      navigate={navigate}
    />
  );
}
