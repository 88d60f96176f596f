/**
 * Textbots errors that the generic EngineError codes cannot name (textbots-api.md §3): each is
 * a 400 EngineError whose `details.wireCode` is the Genesys code, so the renderer
 * (src/api/errors.ts) writes the catalogue message of that code.
 */
import { EngineError } from '../../engine/errors.js';

/** The 400 codes this facade raises besides `bad.request` (§3, rule in parentheses). */
export type TextbotsBadRequest =
  | 'invalid.value' // C3
  | 'constraint.validation' // C3, botSessionTimeoutMinutes
  | 'flow.version.not.published' // L2
  | 'invalid.input.variables' // L3
  | 'session.already.closed' // T1
  | 'mismatched.turn.id' // T2
  | 'unexpected.input.event' // T4
  | 'bots.bot.session.closed' // X2
  | 'bots.bot.doesnt.exist' // X1
  | 'bots.unsupported.language' // X8
  | 'bots.invalid.bot.argument'; // X3

/**
 * A 400 with a Genesys code. `message` is what the catalogue's `%s` becomes (`invalid.value`,
 * `constraint.validation`) and otherwise only what logs show; `field` fills `details[]`.
 */
export function textbotsError(
  code: TextbotsBadRequest,
  message: string,
  field?: string,
): EngineError {
  return new EngineError('bad_request', message, {
    ...(field === undefined ? {} : { field }),
    details: { wireCode: code },
  });
}

/** Genesys's `invalid.value` text (C3): the value, the field's path, the allowed values. */
export function invalidValue(value: string, path: string, allowed: readonly string[]): EngineError {
  return textbotsError(
    'invalid.value',
    `Value [${value}] is not valid for field type [${path}]. Allowable values are: ${allowed.join(', ')}`,
    path,
  );
}

/** 404 `not.found` (A4: foreign and unknown ids look alike). */
export function textbotsNotFound(what: string): EngineError {
  return new EngineError('not_found', `${what} not found`);
}
