/**
 * The models of conversations-api.md §5 as the wire shows them: every member present, absent
 * values as null (§2.6), times in epoch milliseconds.
 */
import type { Json } from '../../csml/json.js';
import type {
  AttachmentRecord,
  JsonObject,
  SurfaceConversation,
  SurfaceMessage,
} from '../../engine/store.js';

export function conversationView(c: SurfaceConversation): JsonObject {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    botId: c.botId,
    versionId: c.versionId,
    contactId: c.contactId,
    taskId: c.taskId,
    spaceId: c.spaceId,
    datasetId: c.datasetId,
    skillsetId: c.skillsetId,
    backstory: c.backstory,
    model: c.model,
    privacy: c.privacy,
    moderation: c.moderation,
    expiresAt: c.expiresAt,
    meta: c.wireMeta,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function messageView(m: SurfaceMessage): JsonObject {
  return {
    id: m.id,
    type: m.type,
    text: m.text,
    meta: m.meta,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

/** A `message` stream event's data (§9.2): no times; no id in stateless completes. */
export function messageEventData(m: {
  readonly id?: string | undefined;
  readonly type: string;
  readonly text: string;
  readonly meta: JsonObject | null;
}): JsonObject {
  return {
    ...(m.id === undefined ? {} : { id: m.id }),
    type: m.type,
    text: m.text,
    meta: m.meta,
  };
}

export function attachmentView(a: AttachmentRecord): JsonObject {
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    type: a.type,
    size: a.size,
    meta: { contentType: a.type, size: a.size },
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** Entities as echoed (§5: validated input, `[]` when none). */
export function entitiesView(entities: readonly Json[] | undefined): Json[] {
  return [...(entities ?? [])];
}
