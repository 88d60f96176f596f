/**
 * Request bodies of the Studio and native bot routes (studio-api.md §5, §7, §9.1) as zod
 * schemas. They check types and shapes (a wrong one is 400 with `field`); the rules that need
 * the stored bot (names taken, default flow) are the engine's (src/engine/bots.ts).
 * `null` on an optional member means absent (§1), except where null clears (§5.2).
 */
import { z } from 'zod';

import type { Json } from '../../csml/json.js';
import {
  botEnvSchema,
  botSettingsSchema,
  componentSetSchema,
} from '../../engine/bot-definition.js';

const MAX_BYTES = 255;

const bytesAtMost = (max: number) => (value: string) => Buffer.byteLength(value) <= max;

const jsonValue = z.custom<Json>((value) => value !== undefined, { error: 'is missing' });

const jsonObject = z.record(z.string(), jsonValue, { error: 'must be an object' });

/** Optional member where null means absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((value) => (value === null ? undefined : value) as z.output<T> | undefined);

const flowName = z.string({ error: 'must be a string' });
const commands = z.array(z.string({ error: 'must be a string' }), {
  error: 'must be an array of strings',
});
const description = z.string({ error: 'must be a string or null' }).nullable();

/** Settings where a key set to null is removed (merge, §5.2): typed keys checked otherwise. */
const settingsPatch = z
  .record(z.string(), jsonValue, { error: 'must be an object' })
  .superRefine((value, ctx) => {
    const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
    const result = botSettingsSchema.safeParse(present);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      }
    }
  });

export const llmSchema = z.object(
  {
    model: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }),
    baseUrl: optional(z.url({ protocol: /^https?$/, error: 'must be an http or https URL' })),
    apiKey: z.string({ error: 'must be a string or null' }).nullable().optional(),
    backstory: optional(z.string({ error: 'must be a string' })),
  },
  { error: 'must be an object {model, baseUrl?, apiKey?, backstory?} or null' },
);

const botName = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .refine(bytesAtMost(MAX_BYTES), { error: `must be at most ${MAX_BYTES} bytes` });

/** PUT /bot (§5.2). */
const botPatch = z.object(
  {
    name: optional(botName),
    description: description.optional(),
    default_flow: optional(z.string({ error: 'must be a string: a flow id or name' })),
    env: optional(botEnvSchema),
    settings: optional(settingsPatch),
    custom_components: componentSetSchema.nullable().optional(),
    nlu: z
      .record(z.string(), jsonValue, { error: 'must be an object or null' })
      .nullable()
      .optional(),
    llm: llmSchema.nullable().optional(),
  },
  { error: 'the body must be a JSON object' },
);
export const botPatchSchema = botPatch
  .optional()
  .transform((body) => body ?? ({} as z.output<typeof botPatch>));

const flowInput = z.object(
  {
    name: flowName,
    content: z.string({ error: 'must be a string' }),
    commands: optional(commands),
    description: description.optional(),
  },
  { error: 'must be an object {name, content, commands?, description?}' },
);

/** POST /v1/bots (§9.1). */
export const newBotSchema = z.object(
  {
    name: botName,
    description: description.optional(),
    env: optional(botEnvSchema),
    settings: optional(settingsPatch),
    custom_components: optional(componentSetSchema),
    nlu: optional(z.record(z.string(), jsonValue, { error: 'must be an object or null' })),
    llm: optional(llmSchema),
    flows: optional(z.array(flowInput, { error: 'must be an array of flows' })),
    default_flow: optional(z.string({ error: 'must be a string: a flow name' })),
  },
  { error: 'the body must be a JSON object' },
);

/** POST /bot/flows (§5.4). */
export const newFlowSchema = flowInput.extend({}).meta({ description: 'A new flow' });

/** PUT /bot/flows/:flow_id (§5.6). */
const flowPatch = z.object(
  {
    name: optional(flowName),
    content: optional(z.string({ error: 'must be a string' })),
    commands: optional(commands),
    description: description.optional(),
  },
  { error: 'the body must be a JSON object' },
);
export const flowPatchSchema = flowPatch
  .optional()
  .transform((body) => body ?? ({} as z.output<typeof flowPatch>));

const validateBot = z.object(
  {
    name: optional(z.string({ error: 'must be a string' })),
    default_flow: optional(z.string({ error: 'must be a string: a flow id or name' })),
    flows: z.array(
      z.object(
        {
          id: optional(z.string({ error: 'must be a string' })),
          name: flowName,
          content: z.string({ error: 'must be a string' }),
          commands: optional(commands),
        },
        { error: 'must be an object {name, content, commands?}' },
      ),
      { error: 'must be an array of flows' },
    ),
    settings: optional(jsonObject),
    custom_components: optional(componentSetSchema),
    nlu: optional(z.record(z.string(), jsonValue, { error: 'must be an object or null' })),
  },
  { error: 'the body must be empty or a bot object with "flows"' },
);

const isEmptyObject = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 0;

/** POST /bot/validate (§5.9): no body, `{}` or `null` (the draft), or a bot with its flows. */
export const validateBodySchema = z.preprocess(
  (value) => (value === null || isEmptyObject(value) ? undefined : value),
  validateBot.optional(),
);

export const CONTENT_TYPES = [
  'text',
  'payload',
  'regex',
  'image',
  'video',
  'audio',
  'file',
  'url',
  'flow_trigger',
] as const;

const userId = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .refine(bytesAtMost(MAX_BYTES), { error: `must be at most ${MAX_BYTES} bytes` });

/** POST /chat (§7.1). The member each content type requires is checked by the engine. */
export const chatSchema = z.object(
  {
    client: z.object({ user_id: userId }, { error: 'must be an object {"user_id": "…"}' }),
    metadata: optional(jsonObject),
    request_id: optional(
      z
        .string({ error: 'must be a string' })
        .min(1, { error: 'must not be empty' })
        .refine(bytesAtMost(MAX_BYTES), { error: `must be at most ${MAX_BYTES} bytes` }),
    ),
    // Parley: new conversations start on this version rather than the latest build.
    version_id: optional(z.string({ error: 'must be a version id' })),
    payload: z.object(
      {
        content_type: z.enum(CONTENT_TYPES, {
          error: `must be one of ${CONTENT_TYPES.join(', ')}`,
        }),
        content: jsonObject,
      },
      { error: 'must be an object {"content_type": "…", "content": {…}}' },
    ),
  },
  { error: 'the body must be a JSON object' },
);
export type ChatBody = z.output<typeof chatSchema>;

/** POST /conversations/open and /conversations/close (§7.2, §7.3). */
export const userBodySchema = z.object(
  { user_id: userId },
  { error: 'the body must be a JSON object {"user_id": "…"}' },
);

/** GET /bot/build (§5.11). */
export const buildQuerySchema = z.object({
  version_id: optional(z.string({ error: 'must be a string' })),
});

/** GET /bot/builds (§5.12). */
export const buildsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer from 1 to 200' })
    .int({ error: 'must be an integer from 1 to 200' })
    .min(1, { error: 'must be an integer from 1 to 200' })
    .max(200, { error: 'must be an integer from 1 to 200' })
    .default(50),
  before: optional(z.string({ error: 'must be a version id' })),
});

export const botParams = z.object({ botId: z.string() });
export const flowParams = z.object({ flowId: z.string() });
export const botFlowParams = z.object({ botId: z.string(), flowId: z.string() });

/** GET /v1/bots/{botId}/conversations (Parley). */
export const conversationsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer from 1 to 100' })
    .int({ error: 'must be an integer from 1 to 100' })
    .min(1, { error: 'must be an integer from 1 to 100' })
    .max(100, { error: 'must be an integer from 1 to 100' })
    .default(20),
  before: optional(z.string({ error: 'must be a conversation id' })),
});

/** GET /v1/bots/{botId}/conversations/{conversationId}/messages (Parley). */
export const transcriptQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be an integer from 1 to 500' })
    .int({ error: 'must be an integer from 1 to 500' })
    .min(1, { error: 'must be an integer from 1 to 500' })
    .max(500, { error: 'must be an integer from 1 to 500' })
    .default(100),
  after: z.coerce
    .number({ error: 'must be a message seq (an integer ≥ 0)' })
    .int({ error: 'must be a message seq (an integer ≥ 0)' })
    .min(0, { error: 'must be a message seq (an integer ≥ 0)' })
    .default(0),
});

export const conversationParams = z.object({ conversationId: z.string() });
