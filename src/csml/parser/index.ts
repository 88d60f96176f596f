import type { FlowAst } from '../ast.js';
import { placeDiagnostic } from '../diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { LineIndex } from '../source.js';
import { parseDeclarations } from './declarations.js';
import { Parser } from './parser.js';

export interface ParsedFlow {
  readonly source: string;
  readonly ast: FlowAst;
  /** Parse findings only: syntax_error, reserved_word, invalid_identifier, int_literal_overflow, nesting_too_deep. */
  readonly diagnostics: Diagnostic[];
  readonly lines: LineIndex;
}

/** Parses one flow. Never throws on any input: problems come back as diagnostics. */
export function parseFlow(source: string, flowName: string): ParsedFlow {
  const parser = new Parser(source);
  const declarations = parseDeclarations(parser);
  const lines = new LineIndex(source);
  return {
    source,
    ast: { kind: 'Flow', declarations, span: { start: 0, end: source.length } },
    diagnostics: parser.diagnostics.map((d) => placeDiagnostic(d, flowName, lines)),
    lines,
  };
}
