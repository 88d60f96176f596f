/**
 * The parts of C3 that the route schemas leave to the handler (schemas.ts): a sub-object
 * checked on its own (a turn's payload), and the enumeration pass that tells `invalid.value`
 * from `bad.request`.
 */
import type { z } from 'zod';

import { fieldName } from '../../engine/bot-definition.js';
import { validatePart, ValidationError } from '../validation.js';
import { invalidValue } from './wire-errors.js';

function prefixed(prefix: string, field: string): string {
  if (field === '') return prefix;
  if (prefix === '') return field;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}

/**
 * `value` checked by `schema` as the body member `prefix`: the parsed value, or a 400
 * `bad.request` naming every offending field by its full path.
 */
export function checkPart<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  try {
    return validatePart(schema, value, 'body');
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const problems = error.problems.map((p) => ({
      field: prefixed(prefix, p.field),
      message: p.message,
    }));
    throw new ValidationError('bad_request', error.message, problems);
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/**
 * Applies the enumerations of a structurally valid `value` (`strictSchema`, schemas.ts): the
 * first value outside its list is a 400 `invalid.value` for that field (C3).
 */
export function checkEnums(strictSchema: z.ZodType, value: unknown, prefix = ''): void {
  const result = strictSchema.safeParse(value);
  if (result.success) return;
  const issue =
    result.error.issues.find((i) => i.code === 'invalid_value') ?? result.error.issues[0];
  if (!issue) return;
  const path = prefixed(prefix, fieldName(issue.path));
  const allowed = issue.code === 'invalid_value' ? issue.values.map((v) => String(v)) : [];
  throw invalidValue(display(valueAt(value, issue.path)), path, allowed);
}
