/**
 * The bot definition as bot folders and API bodies give it, as zod schemas: custom components
 * (csml.md §11.1), `env` and `settings` (studio-api.md §4.1, csml.md §14.5), and the bot.json of
 * a bot folder. Error messages are phrases that follow a member name, so that a problem reads
 * `"flows[0].commands" must be an array of strings` (see definitionProblems).
 */
import { z } from 'zod';

import type { ComponentSet, ParamType } from '../csml/components/schema.js';
import type { Json } from '../csml/json.js';

/** Error option: `is missing` for an absent member, else `must be <what>`. */
function must(what: string) {
  return {
    error: (issue: { readonly input: unknown }) =>
      issue.input === undefined ? 'is missing' : `must be ${what}`,
  };
}

/**
 * Any JSON value, present. Input comes from JSON.parse, so values are not walked again: a
 * recursive check would overflow the stack on deep documents that JSON.parse accepts.
 */
const jsonValue = z.custom<Json>((value) => value !== undefined, { error: 'is missing' });

export const PARAM_TYPES = [
  'Null',
  'Bool',
  'Number',
  'String',
  'Array',
  'Object',
] as const satisfies readonly ParamType[];

const paramOpSchema = z.union([z.object({ $_get: z.string() }), z.object({ $_set: jsonValue })], {
  error: 'must be {"$_get": "<parameter name>"} or {"$_set": <JSON value>}',
});

const paramSpecSchema = z.object(
  {
    type: z.enum(PARAM_TYPES, must(`one of ${PARAM_TYPES.join(', ')}`)),
    required: z.boolean(must('a boolean')).optional(),
    default_value: z.array(paramOpSchema, must('an array')).optional(),
    add_value: z.array(paramOpSchema, must('an array')).optional(),
  },
  must('an object {type, required?, default_value?, add_value?}'),
);

const ONE_KEY = 'must be an object with exactly one key, the parameter name';

/**
 * `{"<parameter name>": spec}`. The key count is checked first: writing the spec itself in place
 * of the one-key object is the likely slip, and per-key errors would hide it.
 */
const paramSchema = z
  .record(z.string(), z.unknown(), { error: ONE_KEY })
  .refine((param) => Object.keys(param).length === 1, { error: ONE_KEY })
  .pipe(z.record(z.string(), paramSpecSchema));

const componentSchema = z.object(
  {
    params: z.array(paramSchema, must('an array of {"<parameter name>": {type, required?, ...}}')),
  },
  must('an object {"params": [...]}'),
);

/** Custom components: `{"Name": {"params": [{"<parameter name>": spec}, ...]}}`. */
export const componentSetSchema = z.record(
  z.string(),
  componentSchema,
  must('an object {"Name": {"params": [...]}}'),
) satisfies z.ZodType<ComponentSet>;

/** The bot's `env`, exposed to CSML as `_env`. */
export const botEnvSchema = z.record(z.string(), jsonValue, must('an object'));
export type BotEnv = z.infer<typeof botEnvSchema>;

const positiveInteger = z.int(must('a positive integer')).positive(must('a positive integer'));

/** Bot settings: the keys of csml.md §14.5 are typed; unknown keys are kept. */
export const botSettingsSchema = z.looseObject(
  {
    stepLimit: positiveInteger.optional(),
    turnTimeoutMs: positiveInteger.optional(),
    sessionTtlMinutes: positiveInteger.optional(),
    intentFlows: z
      .record(
        z.string(),
        z.string(must('a string: a flow name or id')),
        must('an object {"<intent name>": "<flow name or id>"}'),
      )
      .optional(),
    appsEndpoint: z.url({ protocol: /^https?$/, ...must('an http or https URL') }).optional(),
  },
  must('an object'),
);
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** A flow entry of bot.json; its content is the file `flows/<name>.csml`. */
export const botFileFlowSchema = z.object(
  {
    name: z.string(must('a string')),
    id: z.string(must('a string')).nullish(),
    description: z.string(must('a string or null')).nullish(),
    commands: z.array(z.string(must('a string')), must('an array of strings')).nullish(),
  },
  must('an object {name, description?, commands?}'),
);
export type BotFileFlow = z.infer<typeof botFileFlowSchema>;

/** The bot.json of a bot folder. `null` stands for an absent member where a default exists. */
export const botFileSchema = z.object(
  {
    name: z.string(must('a string')).optional(),
    description: z.string(must('a string or null')).nullish(),
    default_flow: z.string({
      error: (issue) =>
        issue.input === undefined
          ? 'is missing: it names the flow where conversations start'
          : 'must be a string: the name of a flow',
    }),
    env: botEnvSchema.nullish(),
    settings: botSettingsSchema.nullish(),
    custom_components: componentSetSchema.nullish(),
    flows: z
      .array(botFileFlowSchema, must('an array of {name, description?, commands?}'))
      .optional(),
  },
  { error: 'expected a JSON object' },
);
export type BotFile = z.infer<typeof botFileSchema>;

/** `flows[0].commands`, `env."MY-VAR"`: a member path as JSON-minded users write it. */
export function fieldName(path: readonly PropertyKey[]): string {
  let name = '';
  for (const key of path) {
    if (typeof key === 'number') name += `[${key}]`;
    else {
      const text = String(key);
      const part = /^[A-Za-z_$][\w$]*$/.test(text) ? text : JSON.stringify(text);
      name = name === '' ? part : `${name}.${part}`;
    }
  }
  return name;
}

/** One problem of a definition: `field` is '' for the document itself. */
export interface DefinitionProblem {
  readonly field: string;
  readonly message: string;
}

/** One problem per issue of a zod error (of these schemas or others), in schema member order. */
export function definitionProblems(error: z.ZodError): DefinitionProblem[] {
  return error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message }));
}
