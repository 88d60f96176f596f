/** Native admin wire objects (studio-api.md §9.3, §9.5): camelCase, ISO-8601 UTC with ms. */
import type { ApiKeyRecord, Organization } from '../../engine/store.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A key as `GET /v1/keys` lists it: never its secret. */
export interface KeyView {
  readonly id: string;
  readonly name: string | null;
  readonly botId: string | null;
  readonly permissions: string[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** The 201 body of `POST /v1/keys`: the only place the secret and token ever appear. */
export interface CreatedKeyView {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
  readonly name: string | null;
  readonly botId: string | null;
  readonly permissions: string[];
  readonly createdAt: string;
}

export interface OrganizationView {
  readonly id: string;
  readonly name: string;
  readonly defaultBotId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function keyView(key: ApiKeyRecord): KeyView {
  return {
    id: key.id,
    name: key.name,
    botId: key.botId,
    permissions: [...key.permissions],
    createdAt: iso(key.createdAt),
    lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
  };
}

export function createdKeyView(created: {
  readonly record: ApiKeyRecord;
  readonly secret: string;
  readonly token: string;
}): CreatedKeyView {
  const { record } = created;
  return {
    id: record.id,
    secret: created.secret,
    token: created.token,
    name: record.name,
    botId: record.botId,
    permissions: [...record.permissions],
    createdAt: iso(record.createdAt),
  };
}

export function organizationView(org: Organization): OrganizationView {
  return {
    id: org.id,
    name: org.name,
    defaultBotId: org.defaultBotId,
    createdAt: iso(org.createdAt),
    updatedAt: iso(org.updatedAt),
  };
}
