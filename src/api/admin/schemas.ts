/**
 * Request bodies and params of the native keys and organization routes (studio-api.md §9.3,
 * §9.5), and their answers for /openapi.json. `null` on an optional member means absent (§1),
 * except `defaultBotId`, where null clears.
 */
import { z } from 'zod';

import { PERMISSIONS } from '../principal.js';

const MAX_BYTES = 255;

const shortName = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .refine((value) => Buffer.byteLength(value) <= MAX_BYTES, {
    error: `must be at most ${MAX_BYTES} bytes`,
  });

/** Optional member where null means absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((value) => (value === null ? undefined : value) as z.output<T> | undefined);

export const permissionSchema = z.enum(PERMISSIONS, {
  error: `is not a known permission (known: ${PERMISSIONS.join(', ')})`,
});

/** POST /v1/keys. */
export const newKeySchema = z.object(
  {
    botId: optional(z.string({ error: 'must be a bot id' })),
    permissions: z
      .array(permissionSchema, { error: 'must be an array of permissions' })
      .min(1, { error: 'must name at least one permission' }),
    name: optional(shortName),
  },
  { error: 'the body must be a JSON object' },
);
export type NewKeyBody = z.output<typeof newKeySchema>;

export const keyParams = z.object({ keyId: z.string() });

/** PUT /v1/organization. */
export const organizationPatchSchema = z.object(
  {
    name: optional(shortName),
    defaultBotId: z.string({ error: 'must be a bot id or null' }).nullable().optional(),
  },
  { error: 'the body must be a JSON object' },
);
export type OrganizationPatch = z.output<typeof organizationPatchSchema>;

const isoTime = z.string().describe('ISO-8601 UTC time with milliseconds');

export const keyViewSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  botId: z.string().nullable(),
  permissions: z.array(z.string()),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
});

export const createdKeyViewSchema = z.object({
  id: z.string(),
  secret: z.string().describe('shown in this answer only'),
  token: z.string().describe('`<id>.<secret>`, the bearer form; shown in this answer only'),
  name: z.string().nullable(),
  botId: z.string().nullable(),
  permissions: z.array(z.string()),
  createdAt: isoTime,
});

export const organizationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  defaultBotId: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
