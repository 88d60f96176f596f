/**
 * The hash a hold saves of its step (csml.md §14.4): SHA-256 (hex) of the step's tokens joined
 * by single spaces, comments and whitespace excluded, strings in source form. A resumed hold
 * whose step now hashes differently restarts the step from its beginning.
 */
import { createHash } from 'node:crypto';
import type { StepDecl } from '../ast.js';
import { Scanner } from '../lexer.js';

const hashes = new WeakMap<StepDecl, string>();

export function stepHash(step: StepDecl, source: string): string {
  let hash = hashes.get(step);
  if (hash === undefined) {
    const scanner = new Scanner(source, step.span.start, step.span.end);
    const tokens: string[] = [];
    for (;;) {
      scanner.skipTrivia();
      if (scanner.atEnd()) break;
      const start = scanner.pos;
      scanner.skipToken();
      tokens.push(source.slice(start, scanner.pos));
    }
    hash = createHash('sha256').update(tokens.join(' ')).digest('hex');
    hashes.set(step, hash);
  }
  return hash;
}
