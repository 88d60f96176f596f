/**
 * A built-in failure whose null carries more than the message: `HTTP(...).send()` on an error
 * status gives a null with `status`, `headers` and `body` (csml.md §10.7). The interpreter
 * reports it as any inline error and yields `nullValue({...info, error: message})`.
 */
import { CsmlError } from '../errors.js';
import type { ValueInfo } from '../value.js';

export class CsmlInfoError extends CsmlError {
  constructor(
    message: string,
    readonly info: ValueInfo,
  ) {
    super(message);
    this.name = 'CsmlInfoError';
  }
}

/** A host failure that is not a CsmlError becomes one (the host may throw anything). */
export function asCsmlError(e: unknown): CsmlError {
  if (e instanceof CsmlError) return e;
  return new CsmlError(e instanceof Error ? e.message : String(e));
}
