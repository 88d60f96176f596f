/** Calls of flow functions, imports and closures (csml.md §6.2, §6.3). */
import type { Block, FunctionDecl, Name } from '../ast.js';
import type { Span } from '../source.js';
import type { CallArgs } from './call-args.js';
import { CsmlError } from './errors.js';
import type { FlowProgram } from './program.js';
import type { Runtime, Scope } from './runtime.js';
import { runBlock } from './statements.js';
import { clone, nullValue } from './value.js';
import type { ClosureValue, Value } from './value.js';

/** Deepest chain of function and closure calls; beyond it the run stops (protects the stack). */
export const MAX_CALL_DEPTH = 64;

export function callFunction(
  rt: Runtime,
  decl: FunctionDecl,
  home: FlowProgram,
  args: CallArgs,
  span: Span,
): Value {
  const bound = bindArguments(decl.params, args);
  if (!bound) throw new CsmlError('function arguments are not valid', true, span);
  return runBody(
    rt,
    { flow: home, locals: bound, memories: false, inFunction: true },
    decl.body,
    span,
  );
}

export function callClosure(
  rt: Runtime,
  closure: ClosureValue,
  args: readonly Value[],
  span: Span,
): Value {
  if (args.length < closure.params.length) {
    throw new CsmlError('function arguments are not valid', true, span);
  }
  const locals = new Map<string, Value>();
  for (const [key, value] of closure.captured) locals.set(key, clone(value));
  closure.params.forEach((param, i) => locals.set(param.name, clone(args[i]!)));
  const flow = rt.program.findFlow(closure.flow) ?? rt.flow;
  return runBody(rt, { flow, locals, memories: false, inFunction: true }, closure.body, span);
}

/** Positional arguments fill parameters in order; named ones by name (csml.md §4.2). */
function bindArguments(params: readonly Name[], args: CallArgs): Map<string, Value> | null {
  if (args.all.length < params.length) return null;
  const locals = new Map<string, Value>();
  if (args.named.size === 0) {
    params.forEach((param, i) => locals.set(param.name, clone(args.positional[i]!)));
    return locals;
  }
  params.forEach((param, i) => {
    const value = args.named.get(param.name) ?? (i === 0 ? args.positional[0] : undefined);
    if (value) locals.set(param.name, clone(value));
  });
  return locals.size === params.length ? locals : null;
}

function runBody(rt: Runtime, scope: Scope, body: Block, span: Span): Value {
  if (rt.callDepth >= MAX_CALL_DEPTH) {
    throw new CsmlError(`functions may call each other at most ${MAX_CALL_DEPTH} deep`, true, span);
  }
  rt.checkBudget();
  rt.callDepth++;
  try {
    const signal = runBlock(rt, scope, body);
    return signal?.kind === 'return' ? signal.value : nullValue();
  } catch (e) {
    if (e instanceof CsmlError && e.fatal) throw rt.place(e, scope.flow);
    throw e;
  } finally {
    rt.callDepth--;
  }
}
