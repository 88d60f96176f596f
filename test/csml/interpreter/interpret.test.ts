import { describe, expect, it } from 'vitest';
import { NATIVE_COMPONENTS } from '../../../src/csml/components/native.js';
import type { CsmlHost } from '../../../src/csml/interpreter/host.js';
import { interpret } from '../../../src/csml/interpreter/interpret.js';
import type { Hold, InterpretResult } from '../../../src/csml/interpreter/types.js';
import type { Json } from '../../../src/csml/json.js';

const host: CsmlHost = {
  now: () => Date.UTC(2026, 0, 1),
  random: () => 0.25,
  http: (request) => {
    throw new Error(`no network: ${request.url}`);
  },
  app: () => null,
  smtp: () => null,
  log: () => undefined,
};

function run(
  content: string,
  options: {
    hold?: Hold | null;
    text?: string;
    secure?: boolean;
    memories?: Record<string, string>;
    metadata?: Record<string, Json>;
  } = {},
): InterpretResult {
  return interpret({
    bot: {
      id: 'bot',
      name: 'bot',
      defaultFlow: 'main',
      flows: [{ id: 'main', name: 'main', content }],
      env: {},
      nativeComponents: NATIVE_COMPONENTS,
      customComponents: {},
    },
    context: {
      memories: options.memories ?? {},
      metadata: options.metadata ?? {},
      hold: options.hold ?? null,
      flow: 'main',
      step: options.hold?.step ?? 'start',
    },
    event: {
      contentType: 'text',
      value: options.text ?? '',
      content: { text: options.text ?? '' },
      secure: options.secure ?? false,
    },
    stepLimit: 100,
    turnTimeoutMs: 1_000,
    host,
  });
}

const texts = (r: InterpretResult) =>
  r.messages.map((m) => (m.content as { text?: unknown }).text ?? m.content);

describe('hold and resume', () => {
  const flow = `start:
  do count = 1
  foreach (x) in ["a", "b"] {
    say "ask {{x}} {{count}}"
    hold
    do count = count + 1
  }
  say "done {{count}}"`;

  it('saves the position, loop indexes and step locals, and resumes right after the hold', () => {
    const first = run(flow);
    expect(texts(first)).toEqual(['ask a 1']);
    expect(first.exit).toBe('hold');
    expect(first.hold).toMatchObject({
      commandIndex: 2,
      loopIndex: [0],
      stepVars: { count: 1, x: 'a' },
    });
    const second = run(flow, { hold: first.hold });
    expect(texts(second)).toEqual(['ask b 2']);
    expect(second.hold).toMatchObject({ loopIndex: [1] });
    const third = run(flow, { hold: second.hold });
    expect(texts(third)).toEqual(['done 3']);
    expect(third.exit).toBe('end');
  });

  it('resumes inside a while loop, testing its condition again', () => {
    const loop =
      'start:\n  do i = 0\n  while (i < 2) {\n    say "q{{i}}"\n    hold\n    do i = i + 1\n  }\n  say "done"';
    const first = run(loop);
    const second = run(loop, { hold: first.hold });
    const third = run(loop, { hold: second.hold });
    expect([texts(first), texts(second), texts(third)]).toEqual([['q0'], ['q1'], ['done']]);
  });

  it('restarts a step that changed since the hold was saved', () => {
    const first = run('start:\n  say "one"\n  hold\n  say "two"');
    const changed = run('start:\n  say "one, edited"\n  hold\n  say "two"', { hold: first.hold });
    expect(texts(changed)).toEqual(['one, edited']);
    const same = run(
      'start:\n  say "one"\n  // comments do not change the step\n  hold\n  say "two"',
      {
        hold: first.hold,
      },
    );
    expect(texts(same)).toEqual(['two']);
  });

  it('marks the event after hold_secure secure: it can be compared but not said or remembered', () => {
    const flow2 =
      'start:\n  hold_secure\n  if (event == "s3cret") say "ok"\n  say event\n  remember pw = event';
    const held = run(flow2);
    const resumed = run(flow2, { hold: held.hold, text: 's3cret', secure: true });
    expect(resumed.messages.map((m) => m.content_type)).toEqual(['text', 'error', 'error']);
    expect(resumed.memories).toEqual([]);
  });
});

describe('memories', () => {
  it('reports every write in order and the operations to apply', () => {
    const r = run(
      'start:\n  remember a = 1\n  remember b = {"k": [1]}\n  do a = 2\n  do b.k.push(2)\n  forget a',
      {
        memories: {},
      },
    );
    expect(r.memories).toEqual([
      { key: 'b', value: { _content_type: 'object', _content: { k: [1] } } },
      { key: 'b', value: { _content_type: 'object', _content: { k: [1, 2] } } },
    ]);
    expect(r.memoryOps.map((op) => op.op)).toEqual(['set', 'set', 'set', 'set', 'delete']);
  });

  it('reads memories remembered in an earlier turn', () => {
    expect(texts(run('start:\n  say "hi {{name}}"', { memories: { name: 'Ada' } }))).toEqual([
      'hi Ada',
    ]);
  });
});

describe('endings and limits', () => {
  it('ends the run at Disconnect()', () => {
    const r = run('start:\n  say Disconnect("done")\n  say "never"');
    expect(r.messages).toEqual([{ content_type: 'disconnect', content: { reason: 'done' } }]);
    expect(r.exit).toBe('end');
  });

  it('stops a runaway loop at the time budget', () => {
    const started = performance.now();
    const r = run('start:\n  while (true) { do x = 1 }');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(r.exit).toBe('error');
  });

  it('refuses values beyond the size caps', () => {
    const r = run('start:\n  do s = "x"\n  while (true) { do s = s + s }');
    expect(r.exit).toBe('error');
    expect(JSON.stringify(r.messages)).toContain('value too large');
  });

  it('stops unbounded recursion', () => {
    const r = run('fn f(n):\n  return f(n + 1)\nstart:\n  say f(1)');
    expect(r.exit).toBe('error');
    expect(JSON.stringify(r.messages)).toContain('functions may call each other at most');
  });
});

describe('read-only names', () => {
  it('lets mutating methods on _metadata, _env and event change nothing', () => {
    const r = run(
      'start:\n  do _metadata.list.push(3)\n  say _metadata.list\n  do event.get_content()\n  say _metadata._context.current_step',
      { metadata: { list: [1, 2] } },
    );
    expect(r.messages).toEqual([
      { content_type: 'array', content: [1, 2] },
      { content_type: 'text', content: { text: 'start' } },
    ]);
  });

  it('reads a large _metadata value in a loop without copying it each time', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    const started = performance.now();
    const r = run(
      'start:\n  do n = 0\n  foreach (i) in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] {\n    do n = n + Length(_metadata.items)\n  }\n  say n',
      {
        metadata: { items },
      },
    );
    expect(r.messages).toEqual([{ content_type: 'text', content: { text: '200000' } }]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
