-- Parley's schema on SQLite: the records of src/engine/store.ts. Kept in step with
-- migrations/postgres/0001_initial.sql (same tables, columns, keys and indexes), so that one
-- set of statements (src/store/sql-repos.ts, sql-turns.ts) serves both.
--
-- Times are epoch milliseconds. JSON columns hold text written by stringifyJson and read by
-- parseJson, so integers beyond 2^53 keep every digit. Ids are text (UUIDs, `pk_…` key ids).
-- A child of a bot carries (org_id, bot_id) with a foreign key to bots (org_id, id): it can only
-- belong to a bot of its own organization, and it goes when the bot goes (studio-api.md §9.1).

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  default_bot_id TEXT REFERENCES bots (id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE bots (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  default_flow_id TEXT,
  env TEXT NOT NULL,
  settings TEXT NOT NULL,
  custom_components TEXT NOT NULL,
  nlu TEXT,
  llm TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (org_id, id)
) STRICT;

CREATE INDEX bots_by_org ON bots (org_id, created_at);
CREATE INDEX organizations_by_default_bot ON organizations (default_bot_id);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  -- A key bound to a bot is deleted with it.
  bot_id TEXT,
  name TEXT,
  -- JSON array of permission names.
  permissions TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  secret_encrypted TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  FOREIGN KEY (org_id, bot_id) REFERENCES bots (org_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX api_keys_by_org ON api_keys (org_id, created_at);
CREATE INDEX api_keys_by_bot ON api_keys (org_id, bot_id);

CREATE TABLE access_tokens (
  token_hash TEXT PRIMARY KEY,
  key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX access_tokens_by_key ON access_tokens (key_id);

CREATE TABLE flows (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  bot_id TEXT NOT NULL,
  -- 1, 2, … in the bot: flow order is creation order (ids made in one millisecond by
  -- newId(at) need not sort).
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT,
  -- JSON array of strings.
  commands TEXT NOT NULL,
  content TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (org_id, bot_id) REFERENCES bots (org_id, id) ON DELETE CASCADE,
  UNIQUE (org_id, bot_id, position)
) STRICT;

-- Flow names are unique in a bot regardless of case (studio-api.md §6).
CREATE UNIQUE INDEX flows_name_per_bot ON flows (bot_id, lower(name));

CREATE TABLE versions (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  bot_id TEXT NOT NULL,
  -- 1, 2, … in the bot, in build order: "newest" and "before" follow it.
  number INTEGER NOT NULL CHECK (number >= 1),
  engine_version TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  -- JSON object: what the version runs.
  snapshot TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  FOREIGN KEY (org_id, bot_id) REFERENCES bots (org_id, id) ON DELETE CASCADE,
  UNIQUE (org_id, bot_id, number)
) STRICT;

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  bot_id TEXT NOT NULL,
  -- NULL for an LLM bot without flows. No foreign key: versions are immutable and go only
  -- with their bot, as the conversation does.
  version_id TEXT,
  channel TEXT NOT NULL,
  external_key TEXT NOT NULL,
  user_key TEXT NOT NULL,
  contact_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  -- ConversationState as JSON; NULL when no flow is running.
  state TEXT,
  turns INTEGER NOT NULL CHECK (turns >= 0),
  -- JSON object.
  meta TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_turn_at INTEGER,
  FOREIGN KEY (org_id, bot_id) REFERENCES bots (org_id, id) ON DELETE CASCADE
) STRICT;

-- At most one open conversation per client of a bot on a channel: openConversation inserts
-- with ON CONFLICT DO NOTHING on this index, so two processes never make two.
CREATE UNIQUE INDEX conversations_one_open ON conversations (bot_id, channel, external_key)
  WHERE status = 'open';
CREATE INDEX conversations_by_key ON conversations (org_id, bot_id, channel, external_key);

CREATE TABLE turns (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  -- The client's event {content_type, content} as JSON.
  event TEXT NOT NULL,
  digest TEXT,
  retry_key TEXT,
  conversation_end INTEGER NOT NULL CHECK (conversation_end IN (0, 1)),
  interaction_order INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;

CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  bot_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- The turn that stored the message.
  turn_seq INTEGER,
  -- 1, 2, … in the conversation.
  seq INTEGER NOT NULL CHECK (seq >= 1),
  -- 'user' (the event) or 'bot' (an output message).
  type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  -- JSON.
  content TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (conversation_id, seq)
) STRICT;

-- Usage figures (studio-api.md §5.8) count a bot's messages in a time window.
CREATE INDEX messages_by_bot_time ON messages (bot_id, created_at);
CREATE INDEX messages_by_turn ON messages (conversation_id, turn_seq);

CREATE TABLE memories (
  -- Insertion order, which reads follow: an update keeps a key's place, a key set again after
  -- a delete goes last (an INTEGER PRIMARY KEY is the rowid, kept by VACUUM).
  seq INTEGER PRIMARY KEY,
  bot_id TEXT NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  user_key TEXT NOT NULL,
  key TEXT NOT NULL,
  -- JSON.
  value TEXT NOT NULL,
  UNIQUE (bot_id, user_key, key)
) STRICT;
