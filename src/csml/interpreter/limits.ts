/**
 * Caps on the size of a single value (csml.md §14.3): growing a string or an array past them
 * is fatal, so one turn cannot exhaust a server's memory. Together with the step limit, the
 * wall-clock budget and the output caps of runtime.ts they bound what one run may cost.
 */
import { CsmlError } from './errors.js';

/** UTF-16 code units (about 1 MB of text). */
export const MAX_STRING_LENGTH = 1_000_000;
export const MAX_ARRAY_LENGTH = 100_000;

export function limitString(text: string): string {
  if (text.length > MAX_STRING_LENGTH) {
    throw new CsmlError(
      `value too large: a string may hold at most ${MAX_STRING_LENGTH} characters`,
      true,
    );
  }
  return text;
}

export function limitArrayLength(length: number): void {
  if (length > MAX_ARRAY_LENGTH) {
    throw new CsmlError(
      `value too large: an array may hold at most ${MAX_ARRAY_LENGTH} items`,
      true,
    );
  }
}
