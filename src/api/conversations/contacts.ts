/**
 * Contacts (conversations-api.md §6.10): upsert by fingerprint (or a new contact with a
 * generated one), the conversation linked to it, and CSML memories keyed by the contact from
 * then on (§7.3). A conversation already linked updates its contact (Parley answers 200 where
 * the hosted API answers 304). Giving a name, email, phone or nick adds a `context` message.
 */
import { newId } from '../../engine/ids.js';
import type { ContactRecord, JsonObject, SurfaceConversation } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { userKeyOf } from './access.js';
import type { Context } from './context.js';
import { mergeMeta } from './message-rules.js';
import type { ContactInput } from './schemas.js';

/** `null` or `""` clears email, phone and nick. */
const clearable = (value: string | null | undefined, stored: string | null) =>
  value === undefined ? stored : value === null || value === '' ? null : value;

/** The organization's contact, created or updated from `input` (inside the caller's transaction). */
export async function upsertContact(
  ctx: Context,
  orgId: string,
  linkedId: string | null,
  input: ContactInput,
): Promise<ContactRecord> {
  const at = ctx.now();
  let existing: ContactRecord | null = null;
  if (linkedId !== null) existing = await ctx.store.getContact(orgId, linkedId);
  else if (input.fingerprint !== undefined) {
    existing = await ctx.store.findContactByFingerprint(orgId, input.fingerprint);
  }
  const contact: ContactRecord = {
    id: existing?.id ?? newId(),
    orgId,
    // A linked contact keeps its fingerprint (§6.10).
    fingerprint: existing?.fingerprint ?? input.fingerprint ?? newId(),
    name: input.name === undefined ? (existing?.name ?? '') : (input.name ?? ''),
    description:
      input.description === undefined ? (existing?.description ?? '') : (input.description ?? ''),
    email: clearable(input.email, existing?.email ?? null),
    phone: clearable(input.phone, existing?.phone ?? null),
    nick: clearable(input.nick, existing?.nick ?? null),
    meta: existing ? mergeMeta(existing.meta, input.meta) : (input.meta ?? null),
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  await ctx.store.saveContact(contact);
  return contact;
}

/** The `context` message text, or null when no name, email, phone or nick was given. */
export function contactContext(input: ContactInput): string | null {
  const lines: string[] = [];
  for (const key of ['name', 'email', 'phone', 'nick'] as const) {
    const value = input[key];
    if (typeof value === 'string' && value !== '') lines.push(`${key}: ${value}`);
  }
  if (lines.length === 0) return null;
  return `The user provided their contact information:\n\n${lines.join('\n')}`;
}

/** POST …/contact/upsert, under the conversation's lock and in its transaction. */
export async function upsertConversationContact(
  ctx: Context,
  principal: Principal,
  conversation: SurfaceConversation,
  input: ContactInput,
): Promise<JsonObject> {
  const contact = await upsertContact(ctx, principal.orgId, conversation.contactId, input);
  const at = ctx.now();
  if (conversation.contactId !== contact.id) {
    await ctx.store.updateSurfaceConversation({
      ...conversation,
      contactId: contact.id,
      userKey: userKeyOf(conversation.id, contact.id),
      updatedAt: at,
    });
  }
  const context = contactContext(input);
  if (context !== null) {
    await ctx.store.appendMessage({
      id: newId(),
      orgId: conversation.orgId,
      botId: conversation.botId,
      conversationId: conversation.id,
      turnSeq: null,
      type: 'context',
      text: context,
      meta: null,
      entities: [],
      at,
    });
  }
  return { id: contact.id };
}
