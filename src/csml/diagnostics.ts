import type { LineIndex, Span } from './source.js';

/** Diagnostic codes (csml.md §16). Parley-only additions are marked in the README. */
export type DiagnosticCode =
  | 'syntax_error'
  | 'reserved_word'
  | 'invalid_identifier'
  | 'int_literal_overflow'
  | 'nesting_too_deep'
  | 'missing_start'
  | 'duplicate_step'
  | 'duplicate_function'
  | 'unknown_function'
  | 'import_not_found'
  | 'import_conflict'
  | 'import_unsupported'
  | 'insert_not_found'
  | 'insert_conflict'
  | 'not_allowed_in_function'
  | 'return_outside_function'
  | 'break_outside_loop'
  | 'continue_outside_loop'
  | 'invalid_constant'
  | 'constant_reassigned'
  | 'no_flows'
  | 'default_flow_missing'
  | 'invalid_intent_flow'
  | 'unknown_step'
  | 'unknown_flow'
  | 'ambiguous_import'
  | 'deprecated_use'
  | 'deprecated_fn'
  | 'deprecated_object'
  | 'possible_infinite_loop'
  | 'component_arguments'
  | 'unknown_component';

export type Severity = 'error' | 'warning';

/** A finding about CSML source: data, never an exception (csml.md §16). */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** One line, no source excerpt. */
  message: string;
  /** Flow name; null for bot-level findings. */
  flow: string | null;
  /** Step name; null outside a step. */
  step: string | null;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A diagnostic before it is placed in a flow: offsets instead of lines and columns. */
export interface RawDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** Enclosing step, when known where the finding is made. */
  step: string | null;
}

export function placeDiagnostic(raw: RawDiagnostic, flow: string, lines: LineIndex): Diagnostic {
  const start = lines.position(raw.span.start);
  const end = lines.position(Math.max(raw.span.end, raw.span.start));
  return {
    code: raw.code,
    severity: raw.severity,
    message: raw.message,
    flow,
    step: raw.step,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

export function botDiagnostic(
  code: DiagnosticCode,
  message: string,
  flow: string | null = null,
  severity: Severity = 'error',
): Diagnostic {
  return {
    code,
    severity,
    message,
    flow,
    step: null,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
