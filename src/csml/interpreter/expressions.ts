/** Expression evaluation (csml.md §4, §7, §9). */
import { limitString } from './limits.js';
import type {
  Arg,
  ArithmeticOp,
  Call,
  Closure,
  Expr,
  PathExpr,
  PathSegment,
  TemplateLiteral,
} from '../ast.js';
import type { Span } from '../source.js';
import { BUILTINS, findSpecialMethod } from './builtins/index.js';
import { CsmlInfoError } from './builtins/info-error.js';
import type { CallArgs } from './call-args.js';
import type { CallContext } from './call-context.js';
import { buildComponent } from './components.js';
import { CsmlError } from './errors.js';
import { displayText } from './format.js';
import { callClosure, callFunction } from './functions.js';
import { eventMethod, eventValue, memoryObject, metadataObject } from './specials.js';
import { findMethod, unknownMethodError } from './methods/index.js';
import { arithmetic, compare, matches, truthy } from './operators.js';
import type { Runtime, Scope } from './runtime.js';
import { bool, clone, errorNull, float, int, nullValue, object, array, str } from './value.js';
import type { ClosureValue, Value } from './value.js';

/** Thrown inside a condition when an operator fails: the condition is false (csml.md §7.4). */
export const CONDITION_FAILED = new Error('csml condition failed');

export function evaluate(rt: Runtime, scope: Scope, expr: Expr): Value {
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
    case 'Template':
      return str(limitString(evaluateTemplate(rt, scope, expr)));
    case 'Array':
      return array(expr.elements.map((element) => evaluate(rt, scope, element)));
    case 'Object': {
      const entries = new Map<string, Value>();
      for (const entry of expr.entries) entries.set(entry.key, evaluate(rt, scope, entry.value));
      return object(entries);
    }
    case 'Ident':
      return readVariable(rt, scope, expr.name, expr.span);
    case 'Call':
      return evaluateCall(rt, scope, expr);
    case 'Path':
      return evaluatePath(rt, scope, expr);
    case 'As': {
      const value = evaluate(rt, scope, expr.value);
      scope.locals.set(expr.name.name, clone(value));
      return value;
    }
    case 'Closure':
      return makeClosure(rt, scope, expr);
    case 'Not': {
      const value = evaluateQuietly(rt, scope, expr.operand);
      return bool(expr.count % 2 === 0 ? truthy(value) : !truthy(value));
    }
    case 'Arithmetic': {
      let result = evaluateQuietly(rt, scope, expr.operands[0]!);
      for (let i = 0; i < expr.operators.length; i++) {
        const right = evaluateQuietly(rt, scope, expr.operands[i + 1]!);
        result = operate(rt, expr.operators[i]!.op, result, right, expr.operands[0]!.span);
      }
      return result;
    }
    case 'Comparison': {
      const left = evaluateQuietly(rt, scope, expr.left);
      const right = evaluateQuietly(rt, scope, expr.right);
      switch (expr.op) {
        case 'match':
          return bool(matches(left, right));
        case '!match':
          return bool(!matches(left, right));
        case '==':
        case '!=':
        case '<':
        case '<=':
        case '>':
        case '>=':
          return bool(compare(expr.op, left, right));
      }
      break;
    }
    case 'Logical': {
      // Both sides are always evaluated (csml.md §4.3).
      let all = true;
      let any = false;
      for (const operand of expr.operands) {
        const value = truthy(evaluateQuietly(rt, scope, operand));
        all &&= value;
        any ||= value;
      }
      return bool(expr.op === '&&' ? all : any);
    }
  }
}

/** An if/while condition: lookups are quiet and an operator error makes it false. */
export function evaluateCondition(rt: Runtime, scope: Scope, expr: Expr): boolean {
  rt.inCondition++;
  rt.quietLookups++;
  try {
    return truthy(evaluate(rt, scope, expr));
  } catch (e) {
    if (e === CONDITION_FAILED) return false;
    throw e;
  } finally {
    rt.inCondition--;
    rt.quietLookups--;
  }
}

function quietly<T>(rt: Runtime, run: () => T): T {
  rt.quietLookups++;
  try {
    return run();
  } finally {
    rt.quietLookups--;
  }
}

/** An operand of an operator: unknown names and keys are null without a warning (csml.md §7.4). */
function evaluateQuietly(rt: Runtime, scope: Scope, expr: Expr): Value {
  rt.quietLookups++;
  try {
    return evaluate(rt, scope, expr);
  } finally {
    rt.quietLookups--;
  }
}

/** Operator errors are fatal outside conditions (csml.md §13.2). */
function operate(rt: Runtime, op: ArithmeticOp, left: Value, right: Value, span: Span): Value {
  try {
    return arithmetic(op, left, right);
  } catch (e) {
    if (!(e instanceof CsmlError)) throw e;
    if (rt.inCondition > 0) throw CONDITION_FAILED;
    throw new CsmlError(e.message, true, e.span ?? span);
  }
}

function evaluateTemplate(rt: Runtime, scope: Scope, template: TemplateLiteral): string {
  let text = '';
  for (const part of template.parts) {
    if (part.kind === 'Text') {
      text += part.value;
    } else if (part.expr) {
      text += displayText(evaluate(rt, scope, part.expr));
    }
  }
  return text;
}

export function readVariable(rt: Runtime, scope: Scope, name: string, span: Span): Value {
  switch (name) {
    case 'event':
      return eventValue(rt);
    case '_metadata':
      return metadataObject(rt);
    case '_env':
      return rt.env;
    case '_memory':
      return memoryObject(rt, scope);
  }
  const constant = readConstant(rt, scope, name);
  if (constant) return constant;
  const local = scope.locals.get(name);
  if (local) return local;
  if (scope.memories) {
    const memory = rt.memories.get(name);
    if (memory) return memory;
  }
  const message = `< ${name} > is used before it was saved in memory`;
  if (rt.quietLookups === 0) rt.emitError(message, span, scope.flow);
  return errorNull(message);
}

const constantCache = new WeakMap<Expr, Value>();

export function readConstant(rt: Runtime, scope: Scope, name: string): Value | undefined {
  const expr = scope.flow.constantExpr(name);
  if (!expr) return undefined;
  let value = constantCache.get(expr);
  if (!value) {
    value = evaluate(
      rt,
      {
        flow: scope.flow,
        locals: new Map(),
        memories: false,
        inFunction: true,
      },
      expr,
    );
    constantCache.set(expr, value);
  }
  return value;
}

function makeClosure(rt: Runtime, scope: Scope, expr: Closure): ClosureValue {
  return {
    kind: 'closure',
    contentType: 'closure',
    params: expr.params,
    body: expr.body,
    captured: rt.capture(scope),
    flow: scope.flow.name,
  };
}

export function evaluateArgs(rt: Runtime, scope: Scope, args: readonly Arg[]): CallArgs {
  const positional: Value[] = [];
  const named = new Map<string, Value>();
  const all: { name: string | null; value: Value }[] = [];
  for (const arg of args) {
    const value = evaluate(rt, scope, arg.value);
    if (arg.kind === 'Named') {
      named.set(arg.name, value);
      all.push({ name: arg.name, value });
    } else {
      positional.push(value);
      all.push({ name: null, value });
    }
  }
  return { positional, named, all };
}

export function callContext(rt: Runtime, scope: Scope, span: Span): CallContext {
  return {
    host: rt.host,
    flow: rt.flow.name,
    callClosure: (closure, args) => callClosure(rt, closure, args, span),
    exists: (name) =>
      scope.flow.constants.has(name) ||
      scope.locals.has(name) ||
      (scope.memories && rt.memories.has(name)),
    warn: (message) => {
      rt.emitError(message, span, scope.flow);
    },
  };
}

function evaluateCall(rt: Runtime, scope: Scope, call: Call): Value {
  const { name, nameSpan } = call;
  const native = rt.program.nativeComponents[name];
  if (native) {
    const args = evaluateArgs(rt, scope, call.args);
    return guarded(rt, scope, nameSpan, () => component(name, native, args, name.toLowerCase()));
  }
  const builtin = BUILTINS.get(name);
  if (builtin) {
    const args =
      name === 'Or'
        ? quietly(rt, () => evaluateArgs(rt, scope, call.args))
        : evaluateArgs(rt, scope, call.args);
    return guarded(rt, scope, nameSpan, () => builtin(args, callContext(rt, scope, nameSpan)));
  }
  const local = scope.flow.functions.get(name);
  if (local)
    return callFunction(rt, local, scope.flow, evaluateArgs(rt, scope, call.args), nameSpan);
  const imported = scope.flow.imports.get(name);
  if (imported) {
    const home = rt.program.functionHome(imported);
    if (home)
      return callFunction(rt, home.decl, home.flow, evaluateArgs(rt, scope, call.args), nameSpan);
  }
  const closure = scope.locals.get(name) ?? (scope.memories ? rt.memories.get(name) : undefined);
  if (closure?.kind === 'closure') {
    return callClosure(rt, closure, evaluateArgs(rt, scope, call.args).positional, nameSpan);
  }
  return reportInline(rt, scope, nameSpan, new CsmlError(`Unknown builtin [${name}]`));
}

function component(
  name: string,
  schema: Parameters<typeof buildComponent>[1],
  args: CallArgs,
  contentType: string,
): Value {
  const value = buildComponent(name, schema, args, contentType);
  if (name === 'Text' && value.kind === 'object') {
    const text = value.entries.get('text');
    return str(text ? displayText(text) : '', 'text');
  }
  return value;
}

/** Runs a built-in, component or method: a CsmlError becomes an inline error and null. */
export function guarded(rt: Runtime, scope: Scope, span: Span, run: () => Value): Value {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof CsmlError)) throw e;
    if (e.fatal) throw e.span ? e : new CsmlError(e.message, true, span);
    return reportInline(rt, scope, span, e);
  }
}

function reportInline(rt: Runtime, scope: Scope, span: Span, error: CsmlError): Value {
  rt.inline(error, span, scope.flow);
  return error instanceof CsmlInfoError
    ? nullValue({ ...error.info, error: error.message })
    : errorNull(error.message);
}

/** What a path starts from, for mutating methods (csml.md §10.6). */
type Root =
  | { readonly kind: 'local' | 'memory' | 'constant'; readonly name: string }
  /** `event`, `_metadata`, `_env`, `_memory`: writing through them has no effect (csml.md §7.3). */
  | { readonly kind: 'readonly' }
  | { readonly kind: 'other' };

const READ_ONLY_ROOTS: ReadonlySet<string> = new Set(['event', '_metadata', '_env', '_memory']);

function rootOf(rt: Runtime, scope: Scope, base: Expr): Root {
  if (base.kind !== 'Ident') return { kind: 'other' };
  const name = base.name;
  if (READ_ONLY_ROOTS.has(name)) return { kind: 'readonly' };
  if (scope.flow.constants.has(name)) return { kind: 'constant', name };
  if (scope.locals.has(name)) return { kind: 'local', name };
  if (scope.memories && rt.memories.has(name)) return { kind: 'memory', name };
  return { kind: 'other' };
}

function evaluatePath(rt: Runtime, scope: Scope, path: PathExpr): Value {
  const { base, segments } = path;
  if (base.kind === 'Ident' && base.name === 'Component') return customComponent(rt, scope, path);
  let value: Value;
  let first = 0;
  if (base.kind === 'Ident' && base.name === 'event' && segments[0]?.kind === 'Method') {
    const segment = segments[0];
    const args = evaluateArgs(rt, scope, segment.args);
    value = guarded(rt, scope, segment.nameSpan, () =>
      eventMethod(rt, segment.name, args.positional, callContext(rt, scope, segment.nameSpan)),
    );
    first = 1;
  } else if (base.kind === 'Ident' && base.name === 'event') {
    value = rt.eventContent;
  } else {
    value = evaluate(rt, scope, base);
  }
  const root = rootOf(rt, scope, base);
  // A missing `_metadata` key is null without a warning (csml.md §7.2).
  const quietFirst = base.kind === 'Ident' && base.name === '_metadata';
  for (let i = first; i < segments.length; i++) {
    const segment = segments[i]!;
    value =
      quietFirst && i === first
        ? quietly(rt, () => applySegment(rt, scope, value, segment, root))
        : applySegment(rt, scope, value, segment, root);
  }
  return value;
}

function customComponent(rt: Runtime, scope: Scope, path: PathExpr): Value {
  const [segment, ...rest] = path.segments;
  if (segment?.kind !== 'Method') {
    return reportInline(
      rt,
      scope,
      path.base.span,
      new CsmlError('component must have a function applied'),
    );
  }
  const schema = rt.program.customComponents[segment.name];
  const args = evaluateArgs(rt, scope, segment.args);
  let value = schema
    ? guarded(rt, scope, segment.nameSpan, () =>
        buildComponent(segment.name, schema, args, `Component.${segment.name.toLowerCase()}`),
      )
    : reportInline(
        rt,
        scope,
        segment.nameSpan,
        new CsmlError('function does not exist for component'),
      );
  for (const next of rest) value = applySegment(rt, scope, value, next, { kind: 'other' });
  return value;
}

function missing(rt: Runtime, scope: Scope, span: Span, message: string): Value {
  if (rt.quietLookups === 0) rt.emitError(message, span, scope.flow);
  return errorNull(message);
}

function applySegment(
  rt: Runtime,
  scope: Scope,
  value: Value,
  segment: PathSegment,
  root: Root,
): Value {
  switch (segment.kind) {
    case 'Key':
      return readKey(rt, scope, value, segment.name, segment.span);
    case 'Index': {
      const index = evaluate(rt, scope, segment.index);
      if (index.kind === 'string') return readKey(rt, scope, value, index.value, segment.span);
      if (index.kind !== 'int') {
        return reportInline(
          rt,
          scope,
          segment.span,
          new CsmlError('index must be of type int or string. Example var.[42] or var.["key"]'),
        );
      }
      const i = Number(index.value);
      if (value.kind === 'array') {
        const item = i >= 0 ? value.items[i] : undefined;
        return (
          item ??
          missing(
            rt,
            scope,
            segment.span,
            `[${index.value}] index must be lower than or equal to array.length()`,
          )
        );
      }
      if (value.kind === 'string') {
        const chars = Array.from(value.value);
        const char = i >= 0 ? chars[i] : undefined;
        return char !== undefined
          ? str(char)
          : missing(
              rt,
              scope,
              segment.span,
              `[${index.value}] index must be lower than or equal to array.length()`,
            );
      }
      return missing(
        rt,
        scope,
        segment.span,
        `[${index.value}] index must be lower than or equal to array.length()`,
      );
    }
    case 'Method':
      return callMethod(rt, scope, value, segment, root);
  }
}

function readKey(rt: Runtime, scope: Scope, value: Value, key: string, span: Span): Value {
  if (value.kind === 'object') {
    const item = value.entries.get(key);
    if (item) return item;
  }
  return missing(rt, scope, span, `[${key}] key does not exist`);
}

function callMethod(
  rt: Runtime,
  scope: Scope,
  receiver: Value,
  segment: Extract<PathSegment, { kind: 'Method' }>,
  root: Root,
): Value {
  const span = segment.nameSpan;
  if (segment.args.some((arg) => arg.kind === 'Named')) {
    return reportInline(rt, scope, span, new CsmlError('arguments in method are not named'));
  }
  const args = evaluateArgs(rt, scope, segment.args).positional;
  const method = findSpecialMethod(receiver, segment.name) ?? findMethod(receiver, segment.name);
  if (!method) return reportInline(rt, scope, span, unknownMethodError(receiver, segment.name));
  if (method.mutates && root.kind === 'constant') {
    return reportInline(
      rt,
      scope,
      span,
      new CsmlError('Invalid operation constants can not execute self mutable functions'),
    );
  }
  const target = method.mutates && root.kind === 'readonly' ? clone(receiver) : receiver;
  const result = guarded(rt, scope, span, () =>
    method.call(target, args, callContext(rt, scope, span)),
  );
  if (method.mutates && root.kind === 'memory') rt.touchMemory(root.name);
  return result;
}
