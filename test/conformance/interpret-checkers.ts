/**
 * Interpreter checkers of the conformance runner: one interpret call per case (INDEX.md),
 * compared per `expect.kind`, objects ignoring key order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentSet } from '../../src/csml/components/schema.js';
import type { CsmlHost } from '../../src/csml/interpreter/host.js';
import { interpret } from '../../src/csml/interpreter/interpret.js';
import type { BotInput, InterpretResult } from '../../src/csml/interpreter/types.js';
import type { Json } from '../../src/csml/json.js';
import { CONFORMANCE_DIR, readCaseFlow } from './cases.js';
import type { InterpretCase } from './cases.js';

export type CheckOutcome = { status: 'passed' } | { status: 'failed'; reason: string };

let nativeComponents: ComponentSet | null = null;

function natives(): ComponentSet {
  nativeComponents ??= JSON.parse(
    readFileSync(join(CONFORMANCE_DIR, 'components', 'native_components.json'), 'utf8'),
  ) as ComponentSet;
  return nativeComponents;
}

/** A fixed clock and a seeded random, as the conformance harness wants. */
export function testHost(): CsmlHost {
  let seed = 42;
  return {
    now: () => Date.UTC(2024, 0, 15, 12, 0, 0),
    random: () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    },
    http: (request) => {
      throw new Error(`no network in conformance: ${request.method} ${request.url}`);
    },
    app: () => null,
    smtp: () => null,
    log: () => undefined,
  };
}

const bots = new Map<string, BotInput>();

function botOf(c: InterpretCase): BotInput {
  const key = JSON.stringify(c.bot);
  let bot = bots.get(key);
  if (!bot) {
    bot = {
      id: c.bot.id,
      name: c.bot.name,
      defaultFlow: c.bot.default_flow,
      flows: c.bot.flows.map((flow) => ({
        id: flow.id,
        name: flow.name,
        content: readCaseFlow(flow.file),
      })),
      env: c.bot.env as Json,
      nativeComponents: c.bot.native_components ? natives() : {},
      customComponents: (c.bot.custom_components ?? {}) as unknown as ComponentSet,
    };
    bots.set(key, bot);
  }
  return bot;
}

export function runInterpretCase(c: InterpretCase): InterpretResult {
  const hold = c.context.hold;
  return interpret({
    bot: botOf(c),
    context: {
      memories: c.context.current,
      metadata: c.context.metadata,
      hold: hold
        ? {
            commandIndex: hold.command_index,
            loopIndex: hold.loop_index.map(Number),
            stepVars: hold.step_vars,
            previous: null,
            secure: hold.secure,
            hash: null,
            flow: c.context.flow,
            step: c.context.step,
          }
        : null,
      flow: c.context.flow,
      step: c.context.step,
    },
    event: {
      contentType: c.event.content_type,
      value: c.event.content_value,
      content: c.event.content,
      secure: false,
    },
    stepLimit: 100,
    turnTimeoutMs: 5_000,
    host: testHost(),
  });
}

/** JSON as plain data: bigints as numbers, for comparison with the expected files. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Deep equality, object key order ignored. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => sameJson(x, b[i]))
    );
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every(
        (k) =>
          Object.hasOwn(b, k) &&
          sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

function resultJson(result: InterpretResult): {
  messages: unknown;
  memories: unknown;
} {
  return {
    messages: plain(
      result.messages.map((m) => ({
        content_type: m.content_type,
        content: m.content,
      })),
    ),
    memories: plain(result.memories),
  };
}

/** `messages[1].content.text`-style paths. */
function at(root: unknown, path: string): unknown {
  let value = root;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const fail = (reason: string): CheckOutcome => ({ status: 'failed', reason });
const PASS: CheckOutcome = { status: 'passed' };

export function checkInterpretCase(c: InterpretCase): CheckOutcome {
  const got = resultJson(runInterpretCase(c));
  const show = (v: unknown) =>
    (JSON.stringify(v) as string | undefined)?.slice(0, 600) ?? 'undefined';
  const messages = got.messages as { content_type: string }[];
  switch (c.expect.kind) {
    case 'exact': {
      const want = c.expect.value;
      if (!sameJson(got.messages, want.messages)) {
        return fail(`messages: got ${show(got.messages)}, want ${show(want.messages)}`);
      }
      if (!sameJson(got.memories, want.memories)) {
        return fail(`memories: got ${show(got.memories)}, want ${show(want.memories)}`);
      }
      return PASS;
    }
    case 'first_message_is_error':
      return messages[0]?.content_type === 'error'
        ? PASS
        : fail(`first message: ${show(messages[0])}`);
    case 'first_message_is_not_error':
      return messages[0] && messages[0].content_type !== 'error'
        ? PASS
        : fail(`first message: ${show(messages[0])}`);
    case 'paths': {
      for (const check of c.expect.checks) {
        const value = at(got, check.path);
        if (!sameJson(value ?? null, check.equals)) {
          return fail(
            `${check.path}: got ${show(value)}, want ${show(check.equals)} (messages ${show(messages)})`,
          );
        }
      }
      return PASS;
    }
    case 'custom': {
      const text = at(got, 'messages[0].content.text');
      const check = c.expect.check;
      const ok = check.includes('parses as an integer')
        ? typeof text === 'string' && /^-?\d+$/.test(text)
        : check.includes('parses as a float in [0, 1]')
          ? typeof text === 'string' && Number(text) >= 0 && Number(text) <= 1
          : check.includes('is a string')
            ? typeof text === 'string' && text.length > 0
            : false;
      return ok ? PASS : fail(`${check}: got ${show(messages)}`);
    }
  }
}
