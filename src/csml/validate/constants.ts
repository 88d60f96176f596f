/** `const` declarations (csml.md §6.1): constant expressions only, never reassigned. */
import type { Expr } from '../ast.js';
import { CsmlError } from '../interpreter/errors.js';
import { arithmetic, compare, truthy } from '../interpreter/operators.js';
import { array, bool, float, int, nullValue, object, str } from '../interpreter/value.js';
import type { Value } from '../interpreter/value.js';
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

/** The first part of `expr` (depth first, left to right) that a constant may not hold, or null. */
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

/**
 * Evaluates a well-shaped constant expression as the reference engine does when it loads a
 * flow, so that `const X = 1 + []` is refused here too; null when it evaluates.
 */
export function evaluationProblem(expr: Expr): ConstantProblem | null {
  try {
    constantValue(expr);
    return null;
  } catch (e) {
    if (!(e instanceof ConstantError)) throw e;
    return { message: e.message, span: e.span };
  }
}

class ConstantError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

function constantValue(expr: Expr): Value {
  switch (expr.kind) {
    case 'Int':
      return int(expr.value);
    case 'Float':
      return float(expr.value);
    case 'Bool':
      return bool(expr.value);
    case 'Null':
      return nullValue();
    case 'String':
      return str(expr.value);
    case 'Array':
      return array(expr.elements.map(constantValue));
    case 'Object':
      return object(new Map(expr.entries.map((entry) => [entry.key, constantValue(entry.value)])));
    case 'Not': {
      const value = truthy(constantValue(expr.operand));
      return bool(expr.count % 2 === 0 ? value : !value);
    }
    case 'Logical': {
      const values = expr.operands.map((operand) => truthy(constantValue(operand)));
      return bool(expr.op === '&&' ? values.every(Boolean) : values.some(Boolean));
    }
    case 'Arithmetic': {
      let result = constantValue(expr.operands[0]!);
      for (let i = 0; i < expr.operators.length; i++) {
        const right = constantValue(expr.operands[i + 1]!);
        try {
          result = arithmetic(expr.operators[i]!.op, result, right);
        } catch (e) {
          if (!(e instanceof CsmlError)) throw e;
          throw new ConstantError(e.message, expr.operands[0]!.span);
        }
      }
      return result;
    }
    case 'Comparison':
      if (expr.op === 'match' || expr.op === '!match') return bool(false);
      return bool(compare(expr.op, constantValue(expr.left), constantValue(expr.right)));
    case 'Template':
    case 'Ident':
    case 'Call':
    case 'Path':
    case 'As':
    case 'Closure':
      throw new ConstantError(INVALID_EXPRESSION, expr.span);
  }
}

export function checkConstants(flow: FlowModel, report: Report): void {
  for (const decl of flow.ast.declarations) {
    if (decl.kind !== 'Const') continue;
    const problem = constantProblem(decl.value) ?? evaluationProblem(decl.value);
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
