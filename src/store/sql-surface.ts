/**
 * The Conversations surface's reads and writes (conversations-api.md; `Repos` of
 * src/engine/store.ts, "The Conversations surface"), in SQL that SQLite and PostgreSQL both
 * run but for the JSON path expressions of `meta.<path>` filters. SqlRepos delegates here.
 *
 * Pages follow §8: rows sorted by (created_at, id) in the asked order, starting right after the
 * cursor's row, which must be an item of the same list (else the caller answers 400).
 */
import type { Json } from '../csml/json.js';
import type {
  AttachmentListQuery,
  AttachmentRecord,
  ClaimOutcome,
  ClaimRelease,
  ContactRecord,
  ConversationClaim,
  ConversationListQuery,
  JsonObject,
  MessageListQuery,
  MessageMark,
  MetaFilter,
  NewSurfaceMessage,
  StoredRequest,
  SurfaceConversation,
  SurfaceMessage,
  TurnConversation,
} from '../engine/store.js';
import { CONVERSATION_COLUMNS, fromJsonText, toConversation, toFlag, toJsonText } from './rows.js';
import type { ConversationRow } from './rows.js';
import { first } from './sql.js';
import type { SqlConnection, SqlValue } from './sql.js';

// --- rows ------------------------------------------------------------------------------------

interface SurfaceConversationRow extends ConversationRow {
  name: string;
  description: string;
  task_id: string | null;
  space_id: string | null;
  dataset_id: string | null;
  skillset_id: string | null;
  backstory: string;
  model: string;
  privacy: number;
  moderation: number;
  expires_at: number | null;
  meta_null: number;
  consumed_seq: number;
}

const WIRE_COLUMNS =
  'name, description, task_id, space_id, dataset_id, skillset_id, backstory, model, privacy, moderation, expires_at, meta_null, consumed_seq';
const SURFACE_CONVERSATION_COLUMNS = `${CONVERSATION_COLUMNS}, ${WIRE_COLUMNS}`;

function toSurfaceConversation(row: SurfaceConversationRow): SurfaceConversation {
  const base = toConversation(row);
  return {
    ...base,
    name: row.name,
    description: row.description,
    taskId: row.task_id,
    spaceId: row.space_id,
    datasetId: row.dataset_id,
    skillsetId: row.skillset_id,
    backstory: row.backstory,
    model: row.model,
    privacy: row.privacy === 1,
    moderation: row.moderation === 1,
    expiresAt: row.expires_at,
    wireMeta: row.meta_null === 1 ? null : base.meta,
    consumedSeq: row.consumed_seq,
  };
}

interface MessageRow {
  id: string;
  org_id: string;
  conversation_id: string;
  seq: number;
  turn_seq: number | null;
  type: string;
  content: string;
  text: string | null;
  meta: string | null;
  entities: string | null;
  created_at: number;
  updated_at: number | null;
}

const MESSAGE_COLUMNS =
  'id, org_id, conversation_id, seq, turn_seq, type, content, text, meta, entities, created_at, updated_at';

function toMessage(row: MessageRow): SurfaceMessage {
  // Rows written by other surfaces have no text column: their CSML content's text stands in.
  let text = row.text;
  if (text === null) {
    const content = fromJsonText<Json>(row.content);
    const value =
      typeof content === 'object' && content !== null && !Array.isArray(content)
        ? (content as Record<string, Json>).text
        : undefined;
    text = typeof value === 'string' ? value : '';
  }
  return {
    id: row.id,
    orgId: row.org_id,
    conversationId: row.conversation_id,
    seq: row.seq,
    turnSeq: row.turn_seq,
    type: row.type,
    text,
    meta: row.meta === null ? null : fromJsonText<JsonObject>(row.meta),
    entities: row.entities === null ? [] : fromJsonText<Json[]>(row.entities),
    createdAt: row.created_at,
    updatedAt: row.updated_at ?? row.created_at,
  };
}

interface ContactRow {
  id: string;
  org_id: string;
  fingerprint: string;
  name: string;
  description: string;
  email: string | null;
  phone: string | null;
  nick: string | null;
  meta: string | null;
  created_at: number;
  updated_at: number;
}

const CONTACT_COLUMNS =
  'id, org_id, fingerprint, name, description, email, phone, nick, meta, created_at, updated_at';

function toContact(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    fingerprint: row.fingerprint,
    name: row.name,
    description: row.description,
    email: row.email,
    phone: row.phone,
    nick: row.nick,
    meta: row.meta === null ? null : fromJsonText<JsonObject>(row.meta),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface AttachmentRow {
  id: string;
  org_id: string;
  conversation_id: string;
  name: string;
  description: string;
  type: string;
  size: number;
  status: 'pending' | 'complete';
  blob: string;
  upload_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

const ATTACHMENT_COLUMNS =
  'id, org_id, conversation_id, name, description, type, size, status, blob, upload_expires_at, created_at, updated_at';

function toAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    conversationId: row.conversation_id,
    name: row.name,
    description: row.description,
    type: row.type,
    size: row.size,
    status: row.status,
    blob: row.blob,
    uploadExpiresAt: row.upload_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

interface RequestRow {
  id: string;
  conversation_id: string;
  operation: string;
  idempotency_key: string | null;
  body_digest: string;
  input_digest: string;
  baseline: string | null;
  response: string;
  created_at: number;
}

const REQUEST_COLUMNS =
  'id, conversation_id, operation, idempotency_key, body_digest, input_digest, baseline, response, created_at';

function toRequest(row: RequestRow): StoredRequest {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    operation: row.operation,
    idempotencyKey: row.idempotency_key,
    bodyDigest: row.body_digest,
    inputDigest: row.input_digest,
    baseline: row.baseline,
    response: fromJsonText<JsonObject>(row.response),
    createdAt: row.created_at,
  };
}

// --- pages and meta filters ------------------------------------------------------------------

interface Condition {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** `meta.<path>=<value>` on a JSON text column (§8): booleans, strings, numbers by JSON text. */
function metaCondition(
  dialect: SqlConnection['dialect'],
  column: string,
  filter: MetaFilter,
): Condition {
  const { path, value } = filter;
  if (path.length === 0 || path.some((key) => key === '')) return { sql: '1 = 0', params: [] };
  const boolean = value === 'true' || value === 'false';
  if (dialect === 'sqlite') {
    // SQLite's quoted path labels cannot hold a double quote: such a key matches nothing.
    if (path.some((key) => key.includes('"'))) return { sql: '1 = 0', params: [] };
    const jsonPath = `$${path.map((key) => `."${key}"`).join('')}`;
    if (boolean) return { sql: `json_type(${column}, ?) = ?`, params: [jsonPath, value] };
    return {
      sql: `((json_type(${column}, ?) = 'text' AND json_extract(${column}, ?) = ?)
        OR (json_type(${column}, ?) IN ('integer', 'real') AND (${column} -> ?) = ?))`,
      params: [jsonPath, jsonPath, value, jsonPath, jsonPath, value],
    };
  }
  const pgPath = `{${path.map((key) => `"${key.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  const node = `(${column}::jsonb #> ?::text[])`;
  if (boolean) {
    return {
      sql: `(jsonb_typeof(${node}) = 'boolean' AND ${node}::text = ?)`,
      params: [pgPath, pgPath, value],
    };
  }
  return {
    sql: `((jsonb_typeof(${node}) = 'string' AND ${node} #>> '{}' = ?)
      OR (jsonb_typeof(${node}) = 'number' AND ${node}::text = ?))`,
    params: [pgPath, pgPath, value, pgPath, pgPath, value],
  };
}

function inList(column: string, values: readonly string[]): Condition {
  if (values.length === 0) return { sql: '1 = 0', params: [] };
  return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: [...values] };
}

interface PageSpec {
  readonly table: string;
  readonly columns: string;
  readonly conditions: readonly Condition[];
  readonly order: 'asc' | 'desc';
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/** One page of rows by (created_at, id); null when the cursor is no row of the list. */
async function page<R>(conn: SqlConnection, spec: PageSpec): Promise<R[] | null> {
  const where = spec.conditions.map((c) => c.sql).join(' AND ');
  const params = spec.conditions.flatMap((c) => c.params);
  const keyset: SqlValue[] = [];
  let after = '';
  if (spec.cursor !== undefined) {
    const at = await first<{ created_at: number }>(
      conn,
      `SELECT created_at FROM ${spec.table} WHERE ${where} AND id = ?`,
      [...params, spec.cursor],
    );
    if (!at) return null;
    const op = spec.order === 'asc' ? '>' : '<';
    after = ` AND (created_at ${op} ? OR (created_at = ? AND id ${op} ?))`;
    keyset.push(at.created_at, at.created_at, spec.cursor);
  }
  const direction = spec.order === 'asc' ? 'ASC' : 'DESC';
  return conn.all<R>(
    `SELECT ${spec.columns} FROM ${spec.table} WHERE ${where}${after}
     ORDER BY created_at ${direction}, id ${direction} LIMIT ?`,
    [...params, ...keyset, Math.max(0, Math.floor(spec.limit))],
  );
}

// --- conversations ---------------------------------------------------------------------------

export async function insertSurfaceConversation(
  conn: SqlConnection,
  c: SurfaceConversation,
): Promise<void> {
  await conn.run(
    `INSERT INTO conversations (${SURFACE_CONVERSATION_COLUMNS})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.id,
      c.orgId,
      c.botId,
      c.versionId,
      c.channel,
      c.externalKey,
      c.userKey,
      c.contactId,
      c.status,
      c.state === null ? null : toJsonText(c.state),
      c.turns,
      toJsonText(c.wireMeta ?? {}),
      c.createdAt,
      c.updatedAt,
      c.lastTurnAt,
      ...wireValues(c),
      c.consumedSeq,
    ],
  );
}

function wireValues(c: SurfaceConversation): SqlValue[] {
  return [
    c.name,
    c.description,
    c.taskId,
    c.spaceId,
    c.datasetId,
    c.skillsetId,
    c.backstory,
    c.model,
    toFlag(c.privacy),
    toFlag(c.moderation),
    c.expiresAt,
    toFlag(c.wireMeta === null),
  ];
}

export async function getSurfaceConversation(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
): Promise<SurfaceConversation | null> {
  const row = await first<SurfaceConversationRow>(
    conn,
    `SELECT ${SURFACE_CONVERSATION_COLUMNS} FROM conversations WHERE org_id = ? AND id = ?`,
    [orgId, conversationId],
  );
  return row && toSurfaceConversation(row);
}

export async function updateSurfaceConversation(
  conn: SqlConnection,
  c: SurfaceConversation,
): Promise<void> {
  await conn.run(
    `UPDATE conversations SET name = ?, description = ?, task_id = ?, space_id = ?,
       dataset_id = ?, skillset_id = ?, backstory = ?, model = ?, privacy = ?, moderation = ?,
       expires_at = ?, meta_null = ?, meta = ?, contact_id = ?, user_key = ?, updated_at = ?
     WHERE org_id = ? AND id = ?`,
    [
      ...wireValues(c),
      toJsonText(c.wireMeta ?? {}),
      c.contactId,
      c.userKey,
      c.updatedAt,
      c.orgId,
      c.id,
    ],
  );
}

export async function deleteConversation(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
): Promise<boolean> {
  // Foreign keys remove its turns, messages, attachments and stored requests.
  const changed = await conn.run('DELETE FROM conversations WHERE org_id = ? AND id = ?', [
    orgId,
    conversationId,
  ]);
  return changed > 0;
}

export async function listSurfaceConversations(
  conn: SqlConnection,
  query: ConversationListQuery,
): Promise<SurfaceConversation[] | null> {
  const conditions: Condition[] = [
    { sql: 'org_id = ?', params: [query.orgId] },
    { sql: 'channel = ?', params: [query.channel] },
    { sql: '(expires_at IS NULL OR expires_at > ?)', params: [query.now] },
  ];
  if (query.botIds) conditions.push(inList('bot_id', query.botIds));
  if (query.contactIds) conditions.push(inList('contact_id', query.contactIds));
  if (query.meta && query.meta.length > 0) {
    conditions.push({ sql: 'meta_null = 0', params: [] });
    for (const filter of query.meta) conditions.push(metaCondition(conn.dialect, 'meta', filter));
  }
  const rows = await page<SurfaceConversationRow>(conn, {
    table: 'conversations',
    columns: SURFACE_CONVERSATION_COLUMNS,
    conditions,
    order: query.order,
    cursor: query.cursor,
    limit: query.limit,
  });
  return rows && rows.map(toSurfaceConversation);
}

export async function setConsumedSeq(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  seq: number,
): Promise<void> {
  await conn.run('UPDATE conversations SET consumed_seq = ? WHERE org_id = ? AND id = ?', [
    seq,
    orgId,
    conversationId,
  ]);
}

// --- turns: the newest message, claims (§7.5) --------------------------------------------------

/** The conversation's newest message, as three columns of a conversation row's query. */
const LAST_MESSAGE_COLUMNS = ['id', 'seq', 'created_at']
  .map(
    (column) =>
      `(SELECT m.${column} FROM messages m WHERE m.conversation_id = conversations.id
        ORDER BY m.seq DESC LIMIT 1) AS last_${column}`,
  )
  .join(', ');

interface TurnConversationRow extends SurfaceConversationRow {
  last_id: string | null;
  last_seq: number | null;
  last_created_at: number | null;
}

function toTurnConversation(row: TurnConversationRow): TurnConversation {
  return {
    conversation: toSurfaceConversation(row),
    last:
      row.last_id === null
        ? null
        : { id: row.last_id, seq: Number(row.last_seq), createdAt: Number(row.last_created_at) },
  };
}

export async function getTurnConversation(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
): Promise<TurnConversation | null> {
  const row = await first<TurnConversationRow>(
    conn,
    `SELECT ${SURFACE_CONVERSATION_COLUMNS}, ${LAST_MESSAGE_COLUMNS}
     FROM conversations WHERE org_id = ? AND id = ?`,
    [orgId, conversationId],
  );
  return row && toTurnConversation(row);
}

export async function claimConversation(
  conn: SqlConnection,
  claim: ConversationClaim,
): Promise<ClaimOutcome> {
  // One statement takes the claim and reads what the request needs under it.
  const claimed = await first<TurnConversationRow>(
    conn,
    `UPDATE conversations SET claim_token = ?, claim_until = ?
     WHERE org_id = ? AND id = ? AND (claim_token IS NULL OR claim_until < ?)
     RETURNING ${SURFACE_CONVERSATION_COLUMNS}, ${LAST_MESSAGE_COLUMNS}`,
    [claim.token, claim.until, claim.orgId, claim.conversationId, claim.now],
  );
  if (claimed) return { kind: 'claimed', ...toTurnConversation(claimed) };
  const held = await first<{ claim_until: number | null }>(
    conn,
    'SELECT claim_until FROM conversations WHERE org_id = ? AND id = ?',
    [claim.orgId, claim.conversationId],
  );
  if (!held) return { kind: 'missing' };
  return { kind: 'busy', until: held.claim_until ?? claim.now };
}

export async function renewClaim(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  token: string,
  until: number,
): Promise<boolean> {
  const changed = await conn.run(
    'UPDATE conversations SET claim_until = ? WHERE org_id = ? AND id = ? AND claim_token = ?',
    [until, orgId, conversationId, token],
  );
  return changed > 0;
}

export async function releaseClaim(conn: SqlConnection, release: ClaimRelease): Promise<boolean> {
  const sets = ['claim_token = NULL', 'claim_until = NULL'];
  const params: SqlValue[] = [];
  if (release.consumedSeq !== undefined) {
    sets.push('consumed_seq = ?');
    params.push(release.consumedSeq);
  }
  if (release.touchedAt !== undefined) {
    sets.push('updated_at = CASE WHEN updated_at < ? THEN ? ELSE updated_at END');
    params.push(release.touchedAt, release.touchedAt);
  }
  const changed = await conn.run(
    `UPDATE conversations SET ${sets.join(', ')} WHERE org_id = ? AND id = ? AND claim_token = ?`,
    [...params, release.orgId, release.conversationId, release.token],
  );
  return changed > 0;
}

// --- messages --------------------------------------------------------------------------------

export async function appendMessage(
  conn: SqlConnection,
  message: NewSurfaceMessage,
): Promise<SurfaceMessage> {
  const last = await first<{ seq: number | null; created_at: number | null }>(
    conn,
    'SELECT MAX(seq) AS seq, MAX(created_at) AS created_at FROM messages WHERE conversation_id = ?',
    [message.conversationId],
  );
  const after =
    last?.seq == null || last.created_at === null
      ? null
      : { seq: last.seq, createdAt: last.created_at };
  const [stored] = await insertMessages(conn, [message], after);
  // §5: a conversation's updatedAt also moves when a message is added.
  await conn.run(
    'UPDATE conversations SET updated_at = ? WHERE id = ? AND org_id = ? AND updated_at < ?',
    [stored!.createdAt, message.conversationId, message.orgId, stored!.createdAt],
  );
  return stored!;
}

const MESSAGE_INSERT_COLUMNS =
  'id, org_id, bot_id, conversation_id, turn_seq, seq, type, content_type, content, text, meta, entities, created_at, updated_at';

export async function insertMessages(
  conn: SqlConnection,
  messages: readonly NewSurfaceMessage[],
  after: Pick<MessageMark, 'seq' | 'createdAt'> | null,
): Promise<SurfaceMessage[]> {
  let seq = after?.seq ?? 0;
  let previous = after?.createdAt ?? -Infinity;
  const stored = messages.map((message): SurfaceMessage => {
    seq += 1;
    // §2.6: messages of a conversation never tie, so (createdAt, id) is their order.
    previous = Math.max(message.at, previous + 1);
    return {
      id: message.id,
      orgId: message.orgId,
      conversationId: message.conversationId,
      seq,
      turnSeq: message.turnSeq,
      type: message.type,
      text: message.text,
      meta: message.meta,
      entities: message.entities,
      createdAt: previous,
      updatedAt: previous,
    };
  });
  if (stored.length === 0) return stored;
  const rows = stored.map((m, index) => [
    m.id,
    m.orgId,
    messages[index]!.botId,
    m.conversationId,
    m.turnSeq,
    m.seq,
    m.type,
    'text',
    toJsonText({ text: m.text }),
    m.text,
    m.meta === null ? null : toJsonText(m.meta),
    toJsonText(m.entities),
    m.createdAt,
    m.updatedAt,
  ]);
  const placeholders = rows.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
  await conn.run(
    `INSERT INTO messages (${MESSAGE_INSERT_COLUMNS}) VALUES ${placeholders}`,
    rows.flat(),
  );
  return stored;
}

export async function getMessage(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  messageId: string,
): Promise<SurfaceMessage | null> {
  const row = await first<MessageRow>(
    conn,
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE org_id = ? AND conversation_id = ? AND id = ?`,
    [orgId, conversationId, messageId],
  );
  return row && toMessage(row);
}

export async function updateMessage(conn: SqlConnection, m: SurfaceMessage): Promise<void> {
  await conn.run(
    `UPDATE messages SET type = ?, text = ?, content = ?, meta = ?, entities = ?, updated_at = ?
     WHERE org_id = ? AND conversation_id = ? AND id = ?`,
    [
      m.type,
      m.text,
      toJsonText({ text: m.text }),
      m.meta === null ? null : toJsonText(m.meta),
      toJsonText(m.entities),
      m.updatedAt,
      m.orgId,
      m.conversationId,
      m.id,
    ],
  );
}

export async function deleteMessage(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  messageId: string,
): Promise<boolean> {
  const changed = await conn.run(
    'DELETE FROM messages WHERE org_id = ? AND conversation_id = ? AND id = ?',
    [orgId, conversationId, messageId],
  );
  return changed > 0;
}

export async function listMessages(
  conn: SqlConnection,
  query: MessageListQuery,
): Promise<SurfaceMessage[] | null> {
  const conditions: Condition[] = [
    { sql: 'org_id = ?', params: [query.orgId] },
    { sql: 'conversation_id = ?', params: [query.conversationId] },
  ];
  for (const filter of query.meta ?? []) {
    conditions.push(metaCondition(conn.dialect, 'meta', filter));
  }
  const rows = await page<MessageRow>(conn, {
    table: 'messages',
    columns: MESSAGE_COLUMNS,
    conditions,
    order: query.order,
    cursor: query.cursor,
    limit: query.limit,
  });
  return rows && rows.map(toMessage);
}

export async function messagesAfter(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  afterSeq: number,
): Promise<SurfaceMessage[]> {
  const rows = await conn.all<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages
     WHERE org_id = ? AND conversation_id = ? AND seq > ? ORDER BY seq`,
    [orgId, conversationId, afterSeq],
  );
  return rows.map(toMessage);
}

export async function lastMessage(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
): Promise<SurfaceMessage | null> {
  const row = await first<MessageRow>(
    conn,
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE org_id = ? AND conversation_id = ?
     ORDER BY seq DESC LIMIT 1`,
    [orgId, conversationId],
  );
  return row && toMessage(row);
}

// --- contacts --------------------------------------------------------------------------------

export async function getContact(
  conn: SqlConnection,
  orgId: string,
  contactId: string,
): Promise<ContactRecord | null> {
  const row = await first<ContactRow>(
    conn,
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE org_id = ? AND id = ?`,
    [orgId, contactId],
  );
  return row && toContact(row);
}

export async function findContactByFingerprint(
  conn: SqlConnection,
  orgId: string,
  fingerprint: string,
): Promise<ContactRecord | null> {
  const row = await first<ContactRow>(
    conn,
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE org_id = ? AND fingerprint = ?`,
    [orgId, fingerprint],
  );
  return row && toContact(row);
}

export async function saveContact(conn: SqlConnection, c: ContactRecord): Promise<void> {
  await conn.run(
    `INSERT INTO contacts (${CONTACT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, name = excluded.name,
       description = excluded.description, email = excluded.email, phone = excluded.phone,
       nick = excluded.nick, meta = excluded.meta, updated_at = excluded.updated_at
     WHERE contacts.org_id = excluded.org_id`,
    [
      c.id,
      c.orgId,
      c.fingerprint,
      c.name,
      c.description,
      c.email,
      c.phone,
      c.nick,
      c.meta === null ? null : toJsonText(c.meta),
      c.createdAt,
      c.updatedAt,
    ],
  );
}

// --- attachments -----------------------------------------------------------------------------

export async function insertAttachment(conn: SqlConnection, a: AttachmentRecord): Promise<void> {
  await conn.run(
    `INSERT INTO attachments (${ATTACHMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      a.id,
      a.orgId,
      a.conversationId,
      a.name,
      a.description,
      a.type,
      a.size,
      a.status,
      a.blob,
      a.uploadExpiresAt,
      a.createdAt,
      a.updatedAt,
    ],
  );
}

export async function getAttachment(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
  attachmentId: string,
): Promise<AttachmentRecord | null> {
  const row = await first<AttachmentRow>(
    conn,
    `SELECT ${ATTACHMENT_COLUMNS} FROM attachments
     WHERE org_id = ? AND conversation_id = ? AND id = ?`,
    [orgId, conversationId, attachmentId],
  );
  return row && toAttachment(row);
}

export async function findSignedAttachment(
  conn: SqlConnection,
  conversationId: string,
  attachmentId: string,
): Promise<AttachmentRecord | null> {
  const row = await first<AttachmentRow>(
    conn,
    `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE conversation_id = ? AND id = ?`,
    [conversationId, attachmentId],
  );
  return row && toAttachment(row);
}

export async function completeAttachment(
  conn: SqlConnection,
  orgId: string,
  attachmentId: string,
  at: number,
): Promise<boolean> {
  const changed = await conn.run(
    `UPDATE attachments SET status = 'complete', upload_expires_at = NULL, updated_at = ?
     WHERE org_id = ? AND id = ? AND status = 'pending'`,
    [at, orgId, attachmentId],
  );
  return changed > 0;
}

export async function listAttachments(
  conn: SqlConnection,
  query: AttachmentListQuery,
): Promise<AttachmentRecord[] | null> {
  const rows = await page<AttachmentRow>(conn, {
    table: 'attachments',
    columns: ATTACHMENT_COLUMNS,
    conditions: [
      { sql: 'org_id = ?', params: [query.orgId] },
      { sql: 'conversation_id = ?', params: [query.conversationId] },
      { sql: "status = 'complete'", params: [] },
    ],
    order: query.order,
    cursor: query.cursor,
    limit: query.limit,
  });
  return rows && rows.map(toAttachment);
}

export async function dropExpiredUploads(
  conn: SqlConnection,
  now: number,
): Promise<AttachmentRecord[]> {
  const rows = await conn.all<AttachmentRow>(
    `DELETE FROM attachments WHERE status = 'pending' AND upload_expires_at < ?
     RETURNING ${ATTACHMENT_COLUMNS}`,
    [now],
  );
  return rows.map(toAttachment);
}

export async function conversationAttachments(
  conn: SqlConnection,
  orgId: string,
  conversationId: string,
): Promise<AttachmentRecord[]> {
  const rows = await conn.all<AttachmentRow>(
    `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE org_id = ? AND conversation_id = ?`,
    [orgId, conversationId],
  );
  return rows.map(toAttachment);
}

// --- stored requests -------------------------------------------------------------------------

export async function findRequest(
  conn: SqlConnection,
  conversationId: string,
  key: string | null,
): Promise<StoredRequest | null> {
  const row =
    key === null
      ? await first<RequestRow>(
          conn,
          `SELECT ${REQUEST_COLUMNS} FROM conversation_requests WHERE conversation_id = ?
           ORDER BY created_at DESC, id DESC LIMIT 1`,
          [conversationId],
        )
      : await first<RequestRow>(
          conn,
          `SELECT ${REQUEST_COLUMNS} FROM conversation_requests
           WHERE conversation_id = ? AND idempotency_key = ?`,
          [conversationId, key],
        );
  return row && toRequest(row);
}

export async function insertRequest(conn: SqlConnection, r: StoredRequest): Promise<void> {
  await conn.run(
    `INSERT INTO conversation_requests (${REQUEST_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.conversationId,
      r.operation,
      r.idempotencyKey,
      r.bodyDigest,
      r.inputDigest,
      r.baseline,
      toJsonText(r.response),
      r.createdAt,
    ],
  );
}

export async function pruneRequests(conn: SqlConnection, before: number): Promise<number> {
  return conn.run('DELETE FROM conversation_requests WHERE created_at < ?', [before]);
}
