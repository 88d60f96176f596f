/**
 * One walk per flow gathers everything the cross-flow rules need (calls, closure bindings,
 * gotos, assignments) and reports the rules that only depend on where a statement is written.
 */
import type {
  Call,
  Expr,
  FlowAst,
  GotoStmt,
  Identifier,
  MethodSegment,
  PathExpr,
  Statement,
  StepDecl,
} from '../ast.js';
import type { RawDiagnostic } from '../diagnostics.js';
import { COMPONENT_NAMESPACE } from '../keywords.js';
import { checkStatementScope } from './scope-rules.js';
import { walkFlow, type FlowVisitor, type WalkContext } from './walk.js';

export const WARNING_FN = "'Fn()' will soon be deprecated. Please use the 'App()' keyword instead";
export const WARNING_OBJECT =
  "'Object(key = value)' will be soon a deprecated Macro please use '{key: value}' instead; https://docs.csml.dev/automatic-type-inference/literals-objects-arrays";

export interface CallFact {
  readonly call: Call;
  readonly step: string | null;
  readonly scopeKey: string;
}

/** `Component.X(…)`. */
export interface ComponentCallFact {
  readonly path: PathExpr;
  readonly method: MethodSegment;
  readonly step: string | null;
}

export interface GotoFact {
  readonly stmt: GotoStmt;
  readonly step: string | null;
  /** The step whose body holds the goto directly (not inside a closure); null elsewhere. */
  readonly fromStep: StepDecl | null;
  /** A `hold`/`hold_secure` comes earlier in the same step body (any branch). */
  readonly holdBefore: boolean;
}

/** `do NAME = …`, `do NAME += …`, `do v as NAME`. */
export interface IdentAssignFact {
  readonly target: Identifier;
  readonly step: string | null;
}

export interface FlowFacts {
  readonly calls: CallFact[];
  readonly componentCalls: ComponentCallFact[];
  readonly gotos: GotoFact[];
  readonly identAssigns: IdentAssignFact[];
  /** `scopeKey \0 name` of names bound to a closure literal in a step or function. */
  readonly closureBindings: string[];
  /** Names remembered with a closure literal: callable anywhere in the bot. */
  readonly rememberedClosures: string[];
  /** Findings that need no other flow: scope rules and deprecations. */
  readonly findings: RawDiagnostic[];
}

export function emptyFacts(): FlowFacts {
  return {
    calls: [],
    componentCalls: [],
    gotos: [],
    identAssigns: [],
    closureBindings: [],
    rememberedClosures: [],
    findings: [],
  };
}

export function closureBindingKey(scopeKey: string, name: string): string {
  return `${scopeKey}\u0000${name}`;
}

class FactCollector implements FlowVisitor {
  readonly facts = emptyFacts();
  /** The step in which the latest step-level `hold` was seen (steps are walked in turn). */
  private holdStep: StepDecl | null = null;

  statement(stmt: Statement, ctx: WalkContext): void {
    const facts = this.facts;
    checkStatementScope(stmt, ctx, facts.findings);
    const inStepBody = ctx.functionDepth === 0 ? ctx.stepDecl : null;
    if (stmt.kind === 'Hold') {
      if (inStepBody) this.holdStep = inStepBody;
    } else if (stmt.kind === 'Goto') {
      facts.gotos.push({
        stmt,
        step: ctx.step,
        fromStep: inStepBody,
        holdBefore: inStepBody !== null && this.holdStep === inStepBody,
      });
    } else if (stmt.kind === 'Assign') {
      if (stmt.target.kind === 'Ident') {
        facts.identAssigns.push({ target: stmt.target, step: ctx.step });
        if (stmt.value.kind === 'Closure') {
          facts.closureBindings.push(closureBindingKey(ctx.scopeKey, stmt.target.name));
        }
      }
    } else if (stmt.kind === 'Remember') {
      if (stmt.value.kind === 'Closure') facts.rememberedClosures.push(stmt.name.name);
    }
  }

  expression(expr: Expr, ctx: WalkContext): void {
    const facts = this.facts;
    if (expr.kind === 'Call') {
      facts.calls.push({ call: expr, step: ctx.step, scopeKey: ctx.scopeKey });
      if (expr.name === 'Fn' || expr.name === 'Object') {
        facts.findings.push({
          code: expr.name === 'Fn' ? 'deprecated_fn' : 'deprecated_object',
          severity: 'warning',
          message: expr.name === 'Fn' ? WARNING_FN : WARNING_OBJECT,
          span: expr.span,
          step: ctx.step,
        });
      }
    } else if (expr.kind === 'As') {
      if (expr.value.kind === 'Closure') {
        facts.closureBindings.push(closureBindingKey(ctx.scopeKey, expr.name.name));
      }
    } else if (expr.kind === 'Path') {
      const first = expr.segments[0];
      if (
        expr.base.kind === 'Ident' &&
        expr.base.name === COMPONENT_NAMESPACE &&
        first?.kind === 'Method'
      ) {
        facts.componentCalls.push({ path: expr, method: first, step: ctx.step });
      }
    }
  }
}

export function collectFacts(ast: FlowAst): FlowFacts {
  const collector = new FactCollector();
  walkFlow(ast, collector);
  return collector.facts;
}
