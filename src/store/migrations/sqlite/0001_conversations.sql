-- What the engine stores for a turn (src/engine/store.ts): the conversation row, one row per
-- turn, the turn's output messages in order, and CSML memories per bot and user.
-- JSON columns hold text written by stringifyJson (integers beyond 2^53 as plain digits);
-- times are ISO-8601 UTC with milliseconds.

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  bot_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  user_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  -- ConversationState as JSON; NULL when no flow is running.
  state TEXT,
  turns INTEGER NOT NULL CHECK (turns >= 0),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE turns (
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  -- The client's event {content_type, content} as JSON.
  event TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq)
) STRICT;

CREATE TABLE messages (
  conversation_id TEXT NOT NULL,
  turn_seq INTEGER NOT NULL,
  -- 0-based order of the message within its turn.
  position INTEGER NOT NULL CHECK (position >= 0),
  content_type TEXT NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (conversation_id, turn_seq, position),
  FOREIGN KEY (conversation_id, turn_seq) REFERENCES turns (conversation_id, seq) ON DELETE CASCADE
) STRICT;

CREATE TABLE memories (
  bot_id TEXT NOT NULL,
  user_key TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (bot_id, user_key, key)
) STRICT;
