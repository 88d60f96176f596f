/** `const` declarations (csml.md §6.1): constant expressions only, never reassigned. */
import type { Expr } from '../ast.js';
import type { Span } from '../source.js';
import type { FlowModel } from './model.js';
import type { Report } from './report.js';

const INVALID_EXPRESSION =
  'Constant invalid expression type: constants can not be assign this type of expression';
const INVALID_OPERATION = 'invalid operation in constant declaration';

interface ConstantProblem {
  readonly message: string;
  readonly span: Span;
}

/**
 * The first part of `expr` (depth first, left to right) that a constant may not hold, or null.
 * Only the shape is checked: evaluation errors (`1 + []`) are the interpreter's.
 */
export function constantProblem(expr: Expr): ConstantProblem | null {
  switch (expr.kind) {
    case 'Int':
    case 'Float':
    case 'Bool':
    case 'Null':
    case 'String':
      return null;
    case 'Array':
      return firstProblem(expr.elements);
    case 'Object':
      return firstProblem(expr.entries.map((entry) => entry.value));
    case 'Not':
      return constantProblem(expr.operand);
    case 'Arithmetic':
    case 'Logical':
      return firstProblem(expr.operands);
    case 'Comparison': {
      const inner = constantProblem(expr.left) ?? constantProblem(expr.right);
      if (inner) return inner;
      if (expr.op === 'match' || expr.op === '!match') {
        return { message: INVALID_OPERATION, span: expr.opSpan };
      }
      return null;
    }
    case 'Template':
    case 'Ident':
    case 'Call':
    case 'Path':
    case 'As':
    case 'Closure':
      return { message: INVALID_EXPRESSION, span: expr.span };
  }
}

function firstProblem(exprs: readonly Expr[]): ConstantProblem | null {
  for (const expr of exprs) {
    const problem = constantProblem(expr);
    if (problem) return problem;
  }
  return null;
}

export function checkConstants(flow: FlowModel, report: Report): void {
  for (const decl of flow.ast.declarations) {
    if (decl.kind !== 'Const') continue;
    const problem = constantProblem(decl.value);
    if (problem) report.at(flow, 'invalid_constant', problem.message, problem.span, null);
  }
  if (flow.consts.size === 0) return;
  for (const { target, step } of flow.facts.identAssigns) {
    if (flow.consts.has(target.name)) {
      report.at(
        flow,
        'constant_reassigned',
        `constant '${target.name}' is immutable and can not be changed`,
        target.span,
        step,
      );
    }
  }
}
