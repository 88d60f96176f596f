-- The Conversations API (conversations-api.md): the wire fields of a conversation, messages
-- with text, meta and entities, contacts, attachments, and the stored answers of retried
-- requests. Kept in step with migrations/postgres/0002_conversations_api.sql.

-- Wire-only fields (§5), echoed and never used, but `backstory` and `model` (LLM bots, §7.4).
ALTER TABLE conversations ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN task_id TEXT;
ALTER TABLE conversations ADD COLUMN space_id TEXT;
ALTER TABLE conversations ADD COLUMN dataset_id TEXT;
ALTER TABLE conversations ADD COLUMN skillset_id TEXT;
ALTER TABLE conversations ADD COLUMN backstory TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN model TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN privacy INTEGER NOT NULL DEFAULT 0 CHECK (privacy IN (0, 1));
ALTER TABLE conversations ADD COLUMN moderation INTEGER NOT NULL DEFAULT 0
  CHECK (moderation IN (0, 1));
-- A client's hard end: from then on the conversation counts as deleted (§6.2).
ALTER TABLE conversations ADD COLUMN expires_at INTEGER;
-- 1 when the wire `meta` is null; `meta` then holds {} (CSML's _metadata).
ALTER TABLE conversations ADD COLUMN meta_null INTEGER NOT NULL DEFAULT 0 CHECK (meta_null IN (0, 1));
-- The seq of the last message a turn consumed: pending input comes after it (§7.2).
ALTER TABLE conversations ADD COLUMN consumed_seq INTEGER NOT NULL DEFAULT 0;

-- Listing (§8): a surface's conversations of an organization by (created_at, id).
CREATE INDEX conversations_listing ON conversations (org_id, channel, created_at, id);

-- Messages of the Conversations surface (§5): NULL on rows of other surfaces, which keep
-- their CSML payload in content_type/content.
ALTER TABLE messages ADD COLUMN text TEXT;
-- JSON object or NULL.
ALTER TABLE messages ADD COLUMN meta TEXT;
-- JSON array.
ALTER TABLE messages ADD COLUMN entities TEXT;
ALTER TABLE messages ADD COLUMN updated_at INTEGER;

CREATE INDEX messages_listing ON messages (conversation_id, created_at, id);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  nick TEXT,
  -- JSON object or NULL.
  meta TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (org_id, fingerprint)
) STRICT;

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  -- MIME type.
  type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  -- 'pending' until its signed PUT arrives (§6.9).
  status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
  -- Where the bytes are, relative to PARLEY_ATTACHMENTS_DIR.
  blob TEXT NOT NULL,
  -- A pending attachment is dropped once its upload URL has expired.
  upload_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX attachments_listing ON attachments (conversation_id, created_at, id);
CREATE INDEX attachments_pending ON attachments (upload_expires_at) WHERE status = 'pending';

-- Answers of complete, send and receive, kept to answer retries (§7.5).
CREATE TABLE conversation_requests (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  operation TEXT NOT NULL,
  idempotency_key TEXT,
  -- Digest of the whole body (an Idempotency-Key's check) and of operation, text and
  -- entities (double-submit detection).
  body_digest TEXT NOT NULL,
  input_digest TEXT NOT NULL,
  -- The conversation's newest message id when the request arrived.
  baseline TEXT,
  -- JSON: the answer and the messages the request stored.
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX conversation_requests_by_key
  ON conversation_requests (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX conversation_requests_latest ON conversation_requests (conversation_id, created_at);
