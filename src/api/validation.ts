/**
 * Checks a request's params, query and body against a route's zod schemas. A refused body or
 * query is 400 `bad_request` naming the first offending member (`field`, dotted as
 * bot-definition.ts writes it) in a message such as `"client.user_id" must be a string`; every
 * offending member is kept for surfaces that list them all (Textbots `details[]`). A path
 * parameter that does not fit names nothing: 404 `not_found`.
 *
 * Schemas may give their own messages; where they do not, issues get phrases in the same style
 * (`must be …`, `is missing`), set per parse so they never override a schema's own.
 */
import type { z } from 'zod';

import { fieldName } from '../engine/bot-definition.js';
import { EngineError } from '../engine/errors.js';
import type { EngineErrorCode } from '../engine/errors.js';

export type RequestPart = 'params' | 'query' | 'body';

export interface FieldProblem {
  /** Dotted path; '' for the part itself. */
  readonly field: string;
  readonly message: string;
}

/** A refused request part; `problems` holds every offending member, the first one first. */
export class ValidationError extends EngineError {
  constructor(
    code: EngineErrorCode,
    message: string,
    readonly problems: readonly FieldProblem[],
  ) {
    const first = problems[0];
    super(code, message, first && first.field !== '' ? first.field : undefined);
    this.name = 'ValidationError';
  }
}

const SUBJECT: Readonly<Record<RequestPart, string>> = {
  params: 'the path',
  query: 'the query string',
  body: 'the body',
};

const ARTICLE_AN = /^[aeiou]/;

function article(noun: string): string {
  return `${ARTICLE_AN.test(noun) ? 'an' : 'a'} ${noun}`;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  int: 'integer',
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
  bigint: 'integer',
  null: 'null',
};

function typeName(expected: string): string {
  if (expected === 'null') return 'null';
  return article(TYPE_NAMES[expected] ?? expected);
}

function sizePhrase(
  origin: string,
  bound: number | bigint,
  inclusive: boolean,
  small: boolean,
): string {
  const n = Number(bound);
  if (origin === 'string') {
    if (small && n === 1 && inclusive) return 'must not be empty';
    return `must be at ${small ? 'least' : 'most'} ${inclusive ? n : n + (small ? 1 : -1)} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (small && n === 1 && inclusive) return 'must not be empty';
    return `must contain at ${small ? 'least' : 'most'} ${inclusive ? n : n + (small ? 1 : -1)} items`;
  }
  if (small) return inclusive ? `must be at least ${n}` : `must be greater than ${n}`;
  return inclusive ? `must be at most ${n}` : `must be less than ${n}`;
}

/** Per-parse messages for issues whose schema gave none. */
function phrase(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is missing';
      return `must be ${typeName(issue.expected)}`;
    case 'too_small':
      return sizePhrase(issue.origin, issue.minimum, issue.inclusive ?? true, true);
    case 'too_big':
      return sizePhrase(issue.origin, issue.maximum, issue.inclusive ?? true, false);
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(String(v))).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has unknown members: ${issue.keys.join(', ')}`;
    case 'invalid_key':
    case 'invalid_element':
    case 'invalid_union':
    case 'custom':
      return 'is not valid';
  }
}

/** `must …`, `is …`: a phrase that reads after the member's name. */
const PHRASE = /^(must|is|are|has|have|should|cannot|can't|may)\b/;

function describe(part: RequestPart, field: string, message: string): string {
  if (!PHRASE.test(message)) return message;
  return field === '' ? `${SUBJECT[part]} ${message}` : `"${field}" ${message}`;
}

/** The parsed value, or a ValidationError (400, or 404 for path params). */
export function validatePart<T>(schema: z.ZodType<T>, value: unknown, part: RequestPart): T {
  const result = schema.safeParse(value, { error: phrase });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = fieldName(issue.path);
    return { field, message: describe(part, field, issue.message) };
  });
  const first = problems[0] ?? { field: '', message: `${SUBJECT[part]} is not valid` };
  if (part === 'params') {
    throw new ValidationError('not_found', `Not found: ${first.message}`, problems);
  }
  throw new ValidationError('bad_request', first.message, problems);
}
