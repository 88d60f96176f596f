import type { Diagnostic, DiagnosticCode } from '../csml/diagnostics.js';
import type { BotRuleCode } from '../engine/bot-rules.js';

/** A diagnostic placed in a file: what `parley validate` prints. */
export interface FileDiagnostic extends Omit<Diagnostic, 'code'> {
  /** The file the finding is about, relative to the working directory as the user typed it. */
  readonly file: string;
  /** `invalid_nlu`: nlu.json breaks a rule of the NLU definition (csml.md §18.2). */
  readonly code: DiagnosticCode | BotRuleCode | 'invalid_nlu';
}

/** The same members in a fixed order, `file` first: the `--json` shape. */
export function toJson(d: FileDiagnostic): FileDiagnostic {
  return {
    file: d.file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    flow: d.flow,
    step: d.step,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
  };
}

/** `path(line,col): error CODE: message`, the form compilers use and editors recognise. */
export function formatDiagnostic(d: FileDiagnostic): string {
  const message = d.message.replace(/\s*[\r\n]+\s*/g, ' ');
  return `${d.file}(${d.line},${d.column}): ${d.severity} ${d.code}: ${message}`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `2 errors, 1 warning in 3 files`, `no problems in 3 files`; with `; 1 path could not be
 * validated` when some paths were unreadable (only that when no file was validated).
 */
export function formatSummary(
  errors: number,
  warnings: number,
  files: number,
  skipped: number,
): string {
  const found: string[] = [];
  if (errors > 0) found.push(count(errors, 'error'));
  if (warnings > 0) found.push(count(warnings, 'warning'));
  const notValidated = `${count(skipped, 'path')} could not be validated`;
  if (files === 0 && skipped > 0) return notValidated;
  const text = `${found.length > 0 ? found.join(', ') : 'no problems'} in ${count(files, 'file')}`;
  return skipped > 0 ? `${text}; ${notValidated}` : text;
}
