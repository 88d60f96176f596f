/** Calling built-ins and their methods in tests, and reading results as JSON. */
import { BUILTINS, findSpecialMethod } from '../../../../src/csml/interpreter/builtins/index.js';
import type { CallContext } from '../../../../src/csml/interpreter/call-context.js';
import { CsmlError } from '../../../../src/csml/interpreter/errors.js';
import { toJson, toMessage } from '../../../../src/csml/interpreter/format.js';
import type { Message } from '../../../../src/csml/interpreter/format-json.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import type { Json } from '../../../../src/csml/json.js';
import { callArgs, context } from './fake-host.js';

export function call(
  name: string,
  positional: Value[] = [],
  named: [string, Value][] = [],
  ctx: CallContext = context(),
): Value {
  const builtin = BUILTINS.get(name);
  if (!builtin) throw new Error(`no built-in ${name}`);
  return builtin(callArgs(positional, named), ctx);
}

export function method(
  receiver: Value,
  name: string,
  args: Value[] = [],
  ctx: CallContext = context(),
): Value {
  const found = findSpecialMethod(receiver, name);
  if (!found) throw new Error(`no special method ${name}`);
  return found.call(receiver, args, ctx);
}

/** The error message a call throws, or `no error`. */
export function failure(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CsmlError) return e.message;
    throw e;
  }
  return 'no error';
}

/** What `say value` would emit. */
export function said(value: Value): Message {
  return toMessage(value);
}

export function json(value: Value): Json {
  return toJson(value);
}
