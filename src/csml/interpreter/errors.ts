/**
 * Runtime errors (csml.md §13). An *inline* error is emitted as an error message and its
 * expression yields null; a *fatal* one also stops the run. Code that evaluates values
 * (operators, methods, built-ins, components) throws a CsmlError; the interpreter adds the
 * position and flow and decides, per context, what is emitted (csml.md §7.4).
 */
import type { Span } from '../source.js';

export class CsmlError extends Error {
  constructor(
    message: string,
    /** Stops the run (csml.md §13.2). */
    readonly fatal = false,
    /** Where the error is reported; the interpreter supplies it when absent. */
    readonly span?: Span,
  ) {
    super(message);
    this.name = 'CsmlError';
  }
}

/** `usage: <signature>`: wrong arguments to a method or built-in (csml.md §10.1). */
export function usageError(signature: string): CsmlError {
  return new CsmlError(`usage: ${signature}`);
}

/** A fatal error whose text is already placed in its flow (positions depend on the code's flow). */
export class PlacedError extends Error {
  constructor(readonly text: string) {
    super(text);
    this.name = 'PlacedError';
  }
}
