/**
 * Traversal of step and function bodies. Blocks and nested expressions are walked recursively
 * (the parser bounds nesting); operator chains, `else if` chains and path segments are flat
 * lists and are iterated. Statements are visited in source order, each before its children,
 * so a visitor sees a `hold` before any `goto` written after it.
 */
import type { Arg, Block, Expr, FlowAst, GotoValue, Statement, StepDecl } from '../ast.js';

/** Where the walk is. One mutable object per flow walk; visitors copy what they keep. */
export interface WalkContext {
  /** Enclosing step name; null inside a `fn` body. */
  step: string | null;
  /** The enclosing step declaration; null inside a `fn` body. */
  stepDecl: StepDecl | null;
  /** `s:<step>` or `f:<fn>`: the reference linter's scope of closure bindings. */
  scopeKey: string;
  /** > 0 inside a `fn` body or a closure body (function scope rules apply). */
  functionDepth: number;
  /** Enclosing `foreach`/`while` count; a closure body inherits it, a `fn` body starts at 0. */
  loopDepth: number;
}

export interface FlowVisitor {
  statement(stmt: Statement, ctx: WalkContext): void;
  expression(expr: Expr, ctx: WalkContext): void;
}

export function stepScopeKey(step: string): string {
  return `s:${step}`;
}

export function functionScopeKey(name: string): string {
  return `f:${name}`;
}

export function walkFlow(ast: FlowAst, visitor: FlowVisitor): void {
  const ctx: WalkContext = {
    step: null,
    stepDecl: null,
    scopeKey: '',
    functionDepth: 0,
    loopDepth: 0,
  };
  for (const decl of ast.declarations) {
    if (decl.kind === 'Step') {
      ctx.step = decl.name.name;
      ctx.stepDecl = decl;
      ctx.scopeKey = stepScopeKey(decl.name.name);
      ctx.functionDepth = 0;
      ctx.loopDepth = 0;
      walkBlock(decl.body, ctx, visitor);
    } else if (decl.kind === 'Function') {
      ctx.step = null;
      ctx.stepDecl = null;
      ctx.scopeKey = functionScopeKey(decl.name.name);
      ctx.functionDepth = 1;
      ctx.loopDepth = 0;
      walkBlock(decl.body, ctx, visitor);
    }
  }
}

function walkBlock(block: Block, ctx: WalkContext, visitor: FlowVisitor): void {
  for (const stmt of block.statements) walkStatement(stmt, ctx, visitor);
}

function walkLoopBody(block: Block, ctx: WalkContext, visitor: FlowVisitor): void {
  ctx.loopDepth++;
  try {
    walkBlock(block, ctx, visitor);
  } finally {
    ctx.loopDepth--;
  }
}

function walkGotoValue(value: GotoValue | null, ctx: WalkContext, visitor: FlowVisitor): void {
  if (value?.kind === 'Variable') walkExpr(value.expr, ctx, visitor);
}

function walkStatement(stmt: Statement, ctx: WalkContext, visitor: FlowVisitor): void {
  visitor.statement(stmt, ctx);
  switch (stmt.kind) {
    case 'Say':
    case 'Do':
    case 'Remember':
    case 'Debug':
    case 'Log':
    case 'Return':
    case 'Use':
      walkExpr(stmt.value, ctx, visitor);
      break;
    case 'Assign':
      walkExpr(stmt.target, ctx, visitor);
      walkExpr(stmt.value, ctx, visitor);
      break;
    case 'Goto': {
      const target = stmt.target;
      if (target.kind === 'Step') walkGotoValue(target.step, ctx, visitor);
      else if (target.kind === 'Flow') walkGotoValue(target.flow, ctx, visitor);
      else {
        walkGotoValue(target.step, ctx, visitor);
        walkGotoValue(target.flow, ctx, visitor);
        walkGotoValue(target.bot, ctx, visitor);
      }
      break;
    }
    case 'If':
      for (const branch of stmt.branches) {
        walkExpr(branch.condition, ctx, visitor);
        walkBlock(branch.body, ctx, visitor);
      }
      if (stmt.elseBody) walkBlock(stmt.elseBody, ctx, visitor);
      break;
    case 'Foreach':
      walkExpr(stmt.iterable, ctx, visitor);
      walkLoopBody(stmt.body, ctx, visitor);
      break;
    case 'While':
      walkExpr(stmt.condition, ctx, visitor);
      walkLoopBody(stmt.body, ctx, visitor);
      break;
    case 'Forget':
    case 'Previous':
    case 'Hold':
    case 'Break':
    case 'Continue':
      break;
  }
}

function walkArgs(args: readonly Arg[], ctx: WalkContext, visitor: FlowVisitor): void {
  for (const arg of args) walkExpr(arg.value, ctx, visitor);
}

export function walkExpr(expr: Expr, ctx: WalkContext, visitor: FlowVisitor): void {
  visitor.expression(expr, ctx);
  switch (expr.kind) {
    case 'Int':
    case 'Float':
    case 'Bool':
    case 'Null':
    case 'String':
    case 'Ident':
      break;
    case 'Template':
      for (const part of expr.parts) {
        if (part.kind === 'Interpolation' && part.expr) walkExpr(part.expr, ctx, visitor);
      }
      break;
    case 'Array':
      for (const element of expr.elements) walkExpr(element, ctx, visitor);
      break;
    case 'Object':
      for (const entry of expr.entries) walkExpr(entry.value, ctx, visitor);
      break;
    case 'Call':
      walkArgs(expr.args, ctx, visitor);
      break;
    case 'Path':
      walkExpr(expr.base, ctx, visitor);
      for (const segment of expr.segments) {
        if (segment.kind === 'Index') walkExpr(segment.index, ctx, visitor);
        else if (segment.kind === 'Method') walkArgs(segment.args, ctx, visitor);
      }
      break;
    case 'As':
      walkExpr(expr.value, ctx, visitor);
      break;
    case 'Closure':
      // Function scope rules apply inside; the loop depth is inherited (reference linter).
      ctx.functionDepth++;
      try {
        walkBlock(expr.body, ctx, visitor);
      } finally {
        ctx.functionDepth--;
      }
      break;
    case 'Not':
      walkExpr(expr.operand, ctx, visitor);
      break;
    case 'Arithmetic':
    case 'Logical':
      for (const operand of expr.operands) walkExpr(operand, ctx, visitor);
      break;
    case 'Comparison':
      walkExpr(expr.left, ctx, visitor);
      walkExpr(expr.right, ctx, visitor);
      break;
  }
}
