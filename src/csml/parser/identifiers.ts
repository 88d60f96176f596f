import { isAssignmentReserved, isUsageReserved, looksLikeNumber } from '../keywords.js';
import { utf8Length } from '../source.js';
import type { Span } from '../source.js';
import type { Parser } from './parser.js';

const MAX_IDENTIFIER_BYTES = 255;

/** Checks a name that is declared or assigned: variables, steps, functions, loop variables. */
export function checkDeclaredName(p: Parser, name: string, span: Span): void {
  if (isAssignmentReserved(name)) {
    p.report('reserved_word', `'${name}' is a reserved keyword and can't be used as a name`, span);
    return;
  }
  checkShape(p, name, span);
}

/** Checks a name that is read as a variable. */
export function checkReadName(p: Parser, name: string, span: Span): void {
  if (isUsageReserved(name)) {
    p.report(
      'reserved_word',
      `'${name}' is a reserved keyword and can't be used as a variable`,
      span,
    );
    return;
  }
  checkShape(p, name, span);
}

/** Numeric and over-long names are refused wherever a name is expected. */
export function checkShape(p: Parser, name: string, span: Span): void {
  if (looksLikeNumber(name)) {
    p.report('invalid_identifier', `'${name}' reads as a number and can't be used as a name`, span);
  } else if (utf8Length(name) > MAX_IDENTIFIER_BYTES) {
    p.report(
      'invalid_identifier',
      `a name can't be longer than ${MAX_IDENTIFIER_BYTES} bytes (this one has ${utf8Length(name)})`,
      span,
    );
  }
}
