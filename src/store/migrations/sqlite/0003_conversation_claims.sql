-- The Conversations API's cross-process serialization (conversations-api.md §7.5): a request
-- claims its conversation for as long as it runs, an LLM turn's model calls included, without
-- keeping a transaction open meanwhile. `claim_token` names the holder (a random token per
-- request), `claim_until` (epoch ms) is when the claim lapses unless renewed, so that a process
-- that died holding a claim holds the conversation up only until then.
ALTER TABLE conversations ADD COLUMN claim_token TEXT;
ALTER TABLE conversations ADD COLUMN claim_until INTEGER;

-- Stored answers of retried requests are pruned by age, across conversations (§7.5: kept at
-- least 24 hours), by the server's periodic sweep rather than by every turn.
CREATE INDEX conversation_requests_by_age ON conversation_requests (created_at);

-- A bot's conversations on every channel, newest first (the native listing the studio reads).
CREATE INDEX conversations_by_bot ON conversations (org_id, bot_id, created_at, id);
