/**
 * Statements that depend on where they are written (csml.md §5.8, §5.9, §6.2, §6.3):
 * function-only and step-only actions, `break`/`continue` outside loops, deprecated `use`.
 */
import type { Statement } from '../ast.js';
import type { RawDiagnostic } from '../diagnostics.js';
import type { WalkContext } from './walk.js';

export const WARNING_USE =
  "use will be soon a deprecated keyword please use 'do' instead. https://docs.csml.dev/memory/temporary-and-long-term-variables";

/** Statement kinds that a function or closure body may not contain, with their keyword. */
const STEP_ONLY: ReadonlyMap<Statement['kind'], string> = new Map([
  ['Say', 'say'],
  ['Goto', 'goto'],
  ['Previous', 'previous'],
  ['Remember', 'remember'],
  ['Forget', 'forget'],
  ['Use', 'use'],
  ['Hold', 'hold'],
]);

function stepOnlyKeyword(stmt: Statement): string | null {
  if (stmt.kind === 'Hold' && stmt.secure) return 'hold_secure';
  return STEP_ONLY.get(stmt.kind) ?? null;
}

export function checkStatementScope(stmt: Statement, ctx: WalkContext, out: RawDiagnostic[]): void {
  const step = ctx.step;
  if (ctx.functionDepth > 0) {
    const keyword = stepOnlyKeyword(stmt);
    if (keyword !== null) {
      out.push({
        code: 'not_allowed_in_function',
        severity: 'error',
        message: `'${keyword}' action is not allowed in function scope`,
        span: stmt.span,
        step,
      });
    }
  }
  if (stmt.kind === 'Return' && ctx.functionDepth === 0) {
    out.push({
      code: 'return_outside_function',
      severity: 'error',
      message: "'return' action is not allowed outside function scope",
      span: stmt.span,
      step,
    });
  } else if (stmt.kind === 'Break' && ctx.loopDepth === 0) {
    out.push({
      code: 'break_outside_loop',
      severity: 'error',
      message: "'break' action is not allowed outside loop",
      span: stmt.span,
      step,
    });
  } else if (stmt.kind === 'Continue' && ctx.loopDepth === 0) {
    out.push({
      code: 'continue_outside_loop',
      severity: 'error',
      message: "'continue' action is not allowed outside loop",
      span: stmt.span,
      step,
    });
  } else if (stmt.kind === 'Use') {
    out.push({
      code: 'deprecated_use',
      severity: 'warning',
      message: WARNING_USE,
      span: stmt.span,
      step,
    });
  }
}
