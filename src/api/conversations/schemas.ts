/**
 * Request bodies of the Conversations surface (conversations-api.md §5, §6) as zod schemas.
 * Unknown fields are dropped (§2.2: newer SDKs add fields); known ones are checked, the first
 * failure answering 400 with a message naming the field (`"text" is required`). Rules that
 * need stored data (bots, contacts) are the routes'.
 */
import { z } from 'zod';

import type { Json } from '../../csml/json.js';

export const MESSAGE_TYPES = [
  'user',
  'bot',
  'reasoning',
  'context',
  'instruction',
  'backstory',
  'activity',
  'checkpoint',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** A missing required member reads "is required" (the spec's wording), others the defaults. */
const required = (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : undefined;

const string = () => z.string({ error: (issue) => required(issue) ?? 'must be a string' });
const boundedString = (max: number) =>
  string().max(max, { error: `must be at most ${max} characters long` });
const integer = () =>
  z.number({ error: (issue) => required(issue) ?? 'must be an integer' }).int({
    error: 'must be an integer',
  });

const jsonValue = z.custom<Json>((value) => value !== undefined, { error: 'is required' });

/** `meta`: an object, or null. */
export const metaSchema = z
  .record(z.string(), jsonValue, { error: 'must be an object or null' })
  .nullable()
  .transform((value) => value);

/** An id given in a body (botId, contactId, ...): any non-empty string, checked by lookups. */
const idString = () => string().min(1, { error: 'must not be empty' }).max(256);

const entitySchema = z
  .object(
    {
      type: string(),
      begin: integer().min(0, { error: 'must be at least 0' }),
      end: integer().min(1, { error: 'must be at least 1' }),
      text: string(),
      replacement: z
        .object(
          { begin: integer(), end: integer(), text: string() },
          { error: 'must be an object' },
        )
        .optional(),
    },
    { error: 'must be an object' },
  )
  .refine((entity) => entity.end >= entity.begin, {
    error: 'must be at least "begin"',
    path: ['end'],
  });
export type Entity = z.output<typeof entitySchema>;

const entitiesSchema = z.array(entitySchema, { error: 'must be an array' });

export const messageTypeSchema = z.enum(MESSAGE_TYPES, {
  error: (issue) => required(issue) ?? `must be one of ${MESSAGE_TYPES.join(', ')}`,
});

/** A message given in a body (create's and stateless complete's `messages`). */
const inputMessageSchema = z.object(
  { type: messageTypeSchema, text: string(), meta: metaSchema.optional() },
  { error: 'must be an object' },
);
export type InputMessage = z.output<typeof inputMessageSchema>;

const messagesSchema = (min: number) =>
  z
    .array(inputMessageSchema, { error: (issue) => required(issue) ?? 'must be an array' })
    .min(min, { error: `must contain at least ${min} items` })
    .max(1000, { error: 'must contain at most 1000 items' });

const FUNCTION_NAME = /^[A-Za-z$][A-Za-z0-9_$]*$/;

const functionSchema = z.object(
  {
    name: string()
      .max(64, { error: 'must be at most 64 characters long' })
      .regex(FUNCTION_NAME, { error: 'must match ^[A-Za-z$][A-Za-z0-9_$]*$' }),
    description: string().min(1, { error: 'must not be empty' }),
    parameters: z.object(
      {
        type: z.literal('object', { error: 'must be "object"' }),
        properties: z.record(z.string(), jsonValue, { error: 'must be an object' }),
        required: z.array(string(), { error: 'must be an array of strings' }).optional(),
      },
      { error: (issue) => required(issue) ?? 'must be an object' },
    ),
    result: z
      .union([
        z.object({ data: jsonValue }),
        z.object({ channel: string() }).transform(() => 'channel' as const),
      ])
      .optional(),
    call: z.unknown().optional(),
  },
  { error: 'must be an object' },
);

export const functionsSchema = z
  .array(functionSchema, { error: 'must be an array' })
  .max(128, { error: 'must contain at most 128 items' })
  .superRefine((functions, ctx) => {
    const seen = new Set<string>();
    functions.forEach((fn, index) => {
      if (seen.has(fn.name)) {
        ctx.addIssue({ code: 'custom', message: 'must be unique', path: [index, 'name'] });
      }
      seen.add(fn.name);
    });
  });
export type FunctionInput = z.output<typeof functionSchema>;

const limit = () =>
  integer()
    .min(1, { error: 'must be an integer from 1 to 100' })
    .max(100, { error: 'must be an integer from 1 to 100' });

export const limitsSchema = z.object(
  { iterations: limit().optional(), continuations: limit().optional(), calls: limit().optional() },
  { error: 'must be an object' },
);
export type Limits = z.output<typeof limitsSchema>;

export const extensionsSchema = z.object(
  {
    backstory: string().optional(),
    datasets: z
      .array(
        z.object(
          {
            name: string().optional(),
            description: string().optional(),
            records: z.array(
              z.object(
                { text: string(), meta: metaSchema.optional() },
                { error: 'must be an object' },
              ),
              { error: (issue) => required(issue) ?? 'must be an array' },
            ),
          },
          { error: 'must be an object' },
        ),
        { error: 'must be an array' },
      )
      .optional(),
    skillsets: z.unknown().optional(),
    features: z.unknown().optional(),
  },
  { error: 'must be an object' },
);
export type Extensions = z.output<typeof extensionsSchema>;

/** The root of every body: a JSON object (§2.2). */
const body = <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: 'Invalid JSON body' });

const contactFields = {
  fingerprint: boundedString(255).optional(),
  name: string().nullable().optional(),
  description: string().nullable().optional(),
  email: string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { error: 'must be an email address' })
    .or(z.literal(''))
    .nullable()
    .optional(),
  phone: string()
    .regex(/^[0-9 +\-().]{3,32}$/, {
      error: 'must be 3 to 32 characters of digits, spaces and +-().',
    })
    .or(z.literal(''))
    .nullable()
    .optional(),
  nick: string().nullable().optional(),
  meta: metaSchema.optional(),
};

export const contactSchema = body(contactFields);
export type ContactInput = z.output<typeof contactSchema>;

/** Conversation fields of create and update (§6.1, §6.2); ids null clear them on update. */
const conversationFields = {
  name: boundedString(256).optional(),
  description: boundedString(1024).optional(),
  meta: metaSchema.optional(),
  botId: idString().optional(),
  contactId: idString().nullable().optional(),
  taskId: idString().nullable().optional(),
  spaceId: idString().nullable().optional(),
  datasetId: idString().nullable().optional(),
  skillsetId: idString().nullable().optional(),
  backstory: boundedString(65_536).optional(),
  model: boundedString(512).optional(),
  privacy: z.boolean({ error: 'must be a boolean' }).optional(),
  moderation: z.boolean({ error: 'must be a boolean' }).optional(),
  expiresAt: integer().min(0, { error: 'must be at least 0' }).nullable().optional(),
};

export const createConversationSchema = body({
  ...conversationFields,
  contact: z.object(contactFields, { error: 'must be an object' }).optional(),
  messages: messagesSchema(0).optional(),
});
export type CreateConversationBody = z.output<typeof createConversationSchema>;

export const updateConversationSchema = body(conversationFields);
export type UpdateConversationBody = z.output<typeof updateConversationSchema>;

export const createMessageSchema = body({
  type: messageTypeSchema,
  text: string(),
  meta: metaSchema.optional(),
  entities: entitiesSchema.optional(),
  name: string().optional(),
  description: string().optional(),
});
export type CreateMessageBody = z.output<typeof createMessageSchema>;

export const updateMessageSchema = body({
  type: messageTypeSchema.optional(),
  text: string().optional(),
  meta: metaSchema.optional(),
  entities: entitiesSchema.optional(),
});
export type UpdateMessageBody = z.output<typeof updateMessageSchema>;

const turnFields = {
  functions: functionsSchema.optional(),
  extensions: extensionsSchema.optional(),
  limits: limitsSchema.optional(),
};

export const completeSchema = body({
  text: string().optional(),
  entities: entitiesSchema.optional(),
  ...turnFields,
});
export type CompleteBody = z.output<typeof completeSchema>;

export const sendSchema = body({
  text: string(),
  entities: entitiesSchema.optional(),
  ...turnFields,
});
export type SendBody = z.output<typeof sendSchema>;

export const receiveSchema = body(turnFields);
export type ReceiveBody = z.output<typeof receiveSchema>;

export const statelessCompleteSchema = body({
  messages: messagesSchema(1),
  botId: idString().optional(),
  backstory: boundedString(65_536).optional(),
  model: boundedString(512).optional(),
  contactId: idString().optional(),
  datasetId: idString().optional(),
  skillsetId: idString().optional(),
  privacy: z.boolean({ error: 'must be a boolean' }).optional(),
  moderation: z.boolean({ error: 'must be a boolean' }).optional(),
  attachments: z.array(z.unknown(), { error: 'must be an array' }).optional(),
  ...turnFields,
});
export type StatelessCompleteBody = z.output<typeof statelessCompleteSchema>;

export const sessionSchema = body({
  durationInSeconds: integer()
    .min(1800, { error: 'must be an integer from 1800 to 86400' })
    .max(86_400, { error: 'must be an integer from 1800 to 86400' })
    .nullable()
    .optional(),
});

export const uploadSchema = body({
  file: z.union(
    [
      string(),
      z.object(
        {
          type: string().min(1, { error: 'must not be empty' }),
          size: integer().min(0, { error: 'must be at least 0' }),
          name: boundedString(255).optional(),
        },
        { error: 'must be an object' },
      ),
    ],
    {
      error: (issue) => required(issue) ?? 'must be a data: or http(s) URL, or {type, size, name?}',
    },
  ),
});
export type UploadBody = z.output<typeof uploadSchema>;

/** Path ids (§2.1): 1..64 characters of [A-Za-z0-9_-]; anything else is 404. */
export const pathId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const conversationParams = z.object({ cid: pathId });
export const messageParams = z.object({ cid: pathId, mid: pathId });
export const attachmentParams = z.object({ cid: pathId, aid: pathId });

/** Query strings are read by hand (§8: `meta.<path>` keys). */
export const querySchema = z.record(z.string(), z.string());
