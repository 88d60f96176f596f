/** Statement execution (csml.md §5) and hold resume (§14.4). */
import type {
  AssignStmt,
  Block,
  ForeachStmt,
  GotoStmt,
  GotoValue,
  IfStmt,
  Statement,
} from '../ast.js';
import { CsmlError } from './errors.js';
import { evaluate, evaluateCondition, readVariable } from './expressions.js';
import { displayText, toMemory } from './format.js';
import { contains } from './numbering.js';
import { arithmetic } from './operators.js';
import { MAX_SAY_BYTES } from './runtime.js';
import type { Runtime, Scope } from './runtime.js';
import type { Hold } from './types.js';
import { clone, int, str } from './value.js';
import type { Value } from './value.js';
import { utf8Length } from '../source.js';

/** How a block ended, when it did not just run to its end. */
export type Signal =
  | {
      readonly kind: 'goto';
      readonly flow: string | null;
      readonly step: string;
    }
  | { readonly kind: 'end' }
  | { readonly kind: 'hold'; readonly hold: Hold }
  | { readonly kind: 'break' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'return'; readonly value: Value };

const END: Signal = { kind: 'end' };
const BREAK: Signal = { kind: 'break' };
const CONTINUE: Signal = { kind: 'continue' };

export function runBlock(rt: Runtime, scope: Scope, block: Block): Signal | null {
  const frame = rt.frame;
  const resuming = frame !== null && scope === frame.scope;
  for (const statement of block.statements) {
    if (resuming && rt.resume) {
      const range = frame.numbering.statements.get(statement);
      const c = rt.resume.index;
      if (range && range.last < c) continue;
      if (range && range.first === c && range.last === c && isLeaf(statement)) {
        rt.resume = null;
        continue;
      }
      if (range && !contains(range, c)) rt.resume = null;
    }
    const signal = runStatement(rt, scope, statement);
    if (signal) return signal;
  }
  return null;
}

function isLeaf(statement: Statement): boolean {
  return statement.kind !== 'If' && statement.kind !== 'Foreach' && statement.kind !== 'While';
}

function runStatement(rt: Runtime, scope: Scope, statement: Statement): Signal | null {
  switch (statement.kind) {
    case 'Say': {
      const value = evaluate(rt, scope, statement.value);
      if (value.secure) {
        rt.emitError('Secure variable can not be displayed', statement.value.span, scope.flow);
        return null;
      }
      if (utf8Length(displayText(value)) >= MAX_SAY_BYTES) {
        throw new CsmlError('payload exceeds max payload size (16kb)', true, statement.value.span);
      }
      rt.emitValue(value);
      return value.contentType === 'disconnect' || value.contentType === 'escalate' ? END : null;
    }
    case 'Debug': {
      const value = evaluate(rt, scope, statement.value);
      if (value.secure) {
        rt.emitError('Secure variable can not be displayed', statement.value.span, scope.flow);
        return null;
      }
      rt.emit({
        content_type: 'debug',
        content: { args: [displayText(value)] },
      });
      return null;
    }
    case 'Log': {
      const value = evaluate(rt, scope, statement.value);
      rt.host.log(
        statement.level,
        value.secure ? 'secure variables can not be logged' : displayText(value),
      );
      return null;
    }
    case 'Do':
    case 'Use':
      evaluate(rt, scope, statement.value);
      return null;
    case 'Assign':
      assign(rt, scope, statement);
      return null;
    case 'Remember': {
      const value = evaluate(rt, scope, statement.value);
      if (value.secure) {
        rt.emitError(
          'Assignation of secure variable is not allowed',
          statement.value.span,
          scope.flow,
        );
        return null;
      }
      rt.writeMemory(statement.name.name, clone(value));
      return null;
    }
    case 'Forget':
      rt.forget(
        statement.names === '*' ? '*' : statement.names.map((name) => name.name),
        scope.locals,
      );
      return null;
    case 'Goto':
      return gotoSignal(rt, scope, statement);
    case 'Previous': {
      const previous = rt.previous;
      if (!previous) return END;
      if (statement.target === 'step')
        return { kind: 'goto', flow: previous.flow, step: previous.step };
      return previous.previousFlow === null
        ? END
        : { kind: 'goto', flow: previous.previousFlow, step: 'start' };
    }
    case 'Hold':
      return { kind: 'hold', hold: makeHold(rt, scope, statement) };
    case 'Break':
      return BREAK;
    case 'Continue':
      return CONTINUE;
    case 'Return':
      return { kind: 'return', value: evaluate(rt, scope, statement.value) };
    case 'If':
      return runIf(rt, scope, statement);
    case 'Foreach':
      return runForeach(rt, scope, statement);
    case 'While':
      // On resume the condition is tested too, then the body is walked to the hold (§14.4).
      for (;;) {
        rt.checkBudget();
        if (!evaluateCondition(rt, scope, statement.condition)) return null;
        const signal = runBlock(rt, scope, statement.body);
        if (signal?.kind === 'break') return null;
        if (signal && signal.kind !== 'continue') return signal;
      }
  }
}

function makeHold(
  rt: Runtime,
  scope: Scope,
  statement: Extract<Statement, { kind: 'Hold' }>,
): Hold {
  const frame = rt.frame;
  const range = frame?.numbering.statements.get(statement);
  const stepVars: Record<string, ReturnType<typeof toMemory>> = {};
  for (const [key, value] of scope.locals) stepVars[key] = toMemory(value);
  return {
    commandIndex: range?.first ?? 0,
    loopIndex: [...rt.loopIndexes],
    stepVars,
    previous: rt.previous,
    secure: statement.secure,
    hash: frame?.hash ?? null,
    flow: rt.flow.name,
    step: rt.step,
  };
}

function runIf(rt: Runtime, scope: Scope, statement: IfStmt): Signal | null {
  const frame = rt.frame;
  if (rt.resume && frame?.scope === scope) {
    const c = rt.resume.index;
    for (const branch of statement.branches) {
      const range = frame.numbering.branches.get(branch.body);
      if (range && contains(range, c)) return runBlock(rt, scope, branch.body);
    }
    if (statement.elseBody) return runBlock(rt, scope, statement.elseBody);
    rt.resume = null;
  }
  for (const branch of statement.branches) {
    if (evaluateCondition(rt, scope, branch.condition)) return runBlock(rt, scope, branch.body);
  }
  return statement.elseBody ? runBlock(rt, scope, statement.elseBody) : null;
}

function runForeach(rt: Runtime, scope: Scope, statement: ForeachStmt): Signal | null {
  const iterable = evaluate(rt, scope, statement.iterable);
  let items: Value[];
  if (iterable.kind === 'array') items = iterable.items;
  else if (iterable.kind === 'string') items = Array.from(iterable.value, (char) => str(char));
  else {
    throw new CsmlError(
      'foreach only accepts iterable elements like arrays and strings. Example: foreach(elem) in [1, 2, 3]',
      true,
      statement.iterable.span,
    );
  }
  let start = 0;
  const depth = rt.loopIndexes.length;
  if (rt.resume && rt.frame?.scope === scope) start = rt.resume.loopIndex[depth] ?? 0;
  let signal: Signal | null = null;
  for (let i = start; i < items.length; i++) {
    rt.checkBudget();
    scope.locals.set(statement.item.name, clone(items[i]!));
    if (statement.index) scope.locals.set(statement.index.name, int(i));
    rt.loopIndexes.push(i);
    const result = runBlock(rt, scope, statement.body);
    rt.loopIndexes.pop();
    if (result?.kind === 'break') break;
    if (result && result.kind !== 'continue') {
      signal = result;
      break;
    }
  }
  if (signal?.kind !== 'hold') {
    scope.locals.delete(statement.item.name);
    if (statement.index) scope.locals.delete(statement.index.name);
  }
  return signal;
}

function gotoName(rt: Runtime, scope: Scope, value: GotoValue): string {
  if (value.kind === 'Name') return value.name;
  const resolved = evaluate(rt, scope, value.expr);
  if (resolved.kind !== 'string') {
    throw new CsmlError('variables in goto need to resolve as strings', true, value.span);
  }
  return resolved.value;
}

function gotoSignal(rt: Runtime, scope: Scope, statement: GotoStmt): Signal {
  const target = statement.target;
  switch (target.kind) {
    case 'Step': {
      const step = gotoName(rt, scope, target.step);
      return step === 'end' ? END : { kind: 'goto', flow: null, step };
    }
    case 'Flow':
      return {
        kind: 'goto',
        flow: gotoName(rt, scope, target.flow),
        step: 'start',
      };
    case 'StepAtFlow': {
      const step = target.step ? gotoName(rt, scope, target.step) : 'start';
      const flow = target.flow ? gotoName(rt, scope, target.flow) : null;
      if (target.bot) {
        const bot = gotoName(rt, scope, target.bot);
        throw new CsmlError(`Switching to Bot: (${bot}) is not allowed`, true, statement.span);
      }
      return step === 'end' ? END : { kind: 'goto', flow, step };
    }
  }
}

function assign(rt: Runtime, scope: Scope, statement: AssignStmt): void {
  const { target } = statement;
  const rootName = target.kind === 'Ident' ? target.name : (target.base as { name: string }).name;
  let value = evaluate(rt, scope, statement.value);
  if (value.secure) {
    rt.emitError('Assignation of secure variable is not allowed', statement.value.span, scope.flow);
    return;
  }
  if (statement.op !== '=') {
    rt.quietLookups++;
    let current: Value;
    try {
      current = evaluate(rt, scope, target);
    } finally {
      rt.quietLookups--;
    }
    try {
      value = arithmetic(statement.op[0] as '+', current, value);
    } catch (e) {
      if (!(e instanceof CsmlError)) throw e;
      rt.emitError(e.message, target.span, scope.flow);
      value = str(e.message);
    }
  }
  if (scope.flow.constants.has(rootName)) {
    rt.emitError('const variables are immutable', statement.value.span, scope.flow);
    return;
  }
  const stored = clone(value);
  if (target.kind === 'Ident') {
    if (scope.locals.has(rootName)) scope.locals.set(rootName, stored);
    else if (scope.memories && rt.memories.has(rootName)) rt.writeMemory(rootName, stored);
    else scope.locals.set(rootName, stored);
    return;
  }
  const isMemory = !scope.locals.has(rootName) && scope.memories && rt.memories.has(rootName);
  let container = isMemory ? rt.memories.get(rootName)! : scope.locals.get(rootName);
  if (!container) {
    readVariable(rt, scope, rootName, target.base.span);
    return;
  }
  // Setting a character of a string makes a new string, stored in the string's own slot.
  let parent: { value: Value; key: string | number } | null = null;
  for (let i = 0; i < target.segments.length; i++) {
    const segment = target.segments[i]!;
    const last = i === target.segments.length - 1;
    let key: string | number;
    if (segment.kind === 'Key') key = segment.name;
    else if (segment.kind === 'Index') {
      const index = evaluate(rt, scope, segment.index);
      key =
        index.kind === 'int' ? Number(index.value) : index.kind === 'string' ? index.value : NaN;
    } else return;
    if (container.kind === 'object' && typeof key === 'string') {
      if (last) container.entries.set(key, stored);
      else {
        const next = container.entries.get(key);
        if (!next) {
          rt.emitError(`[${key}] key does not exist`, segment.span, scope.flow);
          return;
        }
        parent = { value: container, key };
        container = next;
      }
    } else if (
      container.kind === 'array' &&
      typeof key === 'number' &&
      key >= 0 &&
      key < container.items.length
    ) {
      if (last) container.items[key] = stored;
      else {
        parent = { value: container, key };
        container = container.items[key]!;
      }
    } else if (container.kind === 'string' && typeof key === 'number' && last) {
      const chars = Array.from(container.value);
      if (key < 0 || key >= chars.length) {
        rt.emitError(
          `[${key}] index must be lower than or equal to array.length()`,
          segment.span,
          scope.flow,
        );
        return;
      }
      chars[key] = displayText(stored);
      replaceSlot(scope, rt, rootName, isMemory, parent, str(chars.join('')));
      return;
    } else {
      rt.emitError(
        typeof key === 'number'
          ? `[${key}] index must be lower than or equal to array.length()`
          : `[${key}] key does not exist`,
        segment.span,
        scope.flow,
      );
      return;
    }
  }
  if (isMemory) rt.touchMemory(rootName);
}

/** Puts `value` where the assigned path's last container was: its parent, or the variable. */
function replaceSlot(
  scope: Scope,
  rt: Runtime,
  rootName: string,
  isMemory: boolean,
  parent: { value: Value; key: string | number } | null,
  value: Value,
): void {
  if (parent === null) {
    if (isMemory) rt.writeMemory(rootName, value);
    else scope.locals.set(rootName, value);
    return;
  }
  if (parent.value.kind === 'object' && typeof parent.key === 'string')
    parent.value.entries.set(parent.key, value);
  else if (parent.value.kind === 'array' && typeof parent.key === 'number')
    parent.value.items[parent.key] = value;
  if (isMemory) rt.touchMemory(rootName);
}
