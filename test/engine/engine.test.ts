import { describe, expect, it } from 'vitest';
import type { BotVersion } from '../../src/engine/bot-version.js';
import { Engine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/errors.js';
import { MemoryStore } from '../../src/engine/memory-store.js';
import type { CsmlHost } from '../../src/csml/interpreter/host.js';

const host: CsmlHost = {
  now: () => Date.UTC(2026, 0, 1),
  random: () => 0.5,
  http: () => {
    throw new Error('no network');
  },
  app: () => null,
  smtp: () => null,
  log: () => undefined,
};

let versions = 0;

/** Versions are immutable and their programs cached by id: every test bot gets its own id. */
function version(
  flows: Record<string, { content: string; commands?: string[] }>,
  settings = {},
): BotVersion {
  versions++;
  return {
    id: `v${versions}`,
    botId: 'bot',
    name: 'bot',
    defaultFlow: Object.keys(flows)[0]!,
    flows: Object.entries(flows).map(([name, flow]) => ({
      id: `id-${name}`,
      name,
      commands: flow.commands ?? [],
      content: flow.content,
    })),
    env: {},
    settings,
    customComponents: {},
  };
}

const texts = (messages: readonly { content: unknown }[]) =>
  messages.map((m) => (m.content as { text?: unknown }).text ?? m.content);

describe('Engine', () => {
  const bot = version({
    main: {
      content: `start:
  say "What's your name?"
  hold
  remember name = event
  say "Hi {{name}}"
  goto end`,
    },
    other: {
      content: 'start:\n  say "other flow, name {{name}}"',
      commands: ['/other'],
    },
  });

  it('keeps a hold between turns and remembers per user', async () => {
    const store = new MemoryStore();
    const engine = new Engine(store, host);
    const first = await engine.turn({
      conversationId: 'c1',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: 'hello' } },
    });
    expect(texts(first.messages)).toEqual(["What's your name?"]);
    expect(first.conversationEnd).toBe(false);
    const second = await engine.turn({
      conversationId: 'c1',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: 'Ada' } },
    });
    expect(texts(second.messages)).toEqual(['Hi Ada']);
    expect(second.conversationEnd).toBe(true);
    // A command starts its flow; memories outlive the conversation.
    const third = await engine.turn({
      conversationId: 'c2',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: '/OTHER' } },
    });
    expect(texts(third.messages)).toEqual(['other flow, name Ada']);
    expect(store.turns.map((t) => t.seq)).toEqual([1, 2, 1]);
  });

  it('refuses malformed events without storing anything', async () => {
    const store = new MemoryStore();
    const engine = new Engine(store, host);
    const bad = engine.turn({
      conversationId: 'c',
      version: bot,
      userKey: 'u',
      event: { content_type: 'text', content: {} },
    });
    await expect(bad).rejects.toBeInstanceOf(EngineError);
    await expect(
      engine.turn({
        conversationId: 'c',
        version: bot,
        userKey: 'u',
        event: { content_type: 'sticker', content: {} },
      }),
    ).rejects.toMatchObject({ code: 'invalid_event', status: 400 });
    expect(store.turns).toEqual([]);
  });

  it('serializes concurrent turns of one conversation', async () => {
    const store = new MemoryStore();
    const engine = new Engine(store, host);
    const event = { content_type: 'text', content: { text: 'x' } } as const;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        engine.turn({ conversationId: 'c', version: bot, userKey: 'u', event }),
      ),
    );
    expect(store.turns.map((t) => t.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('stops an endless loop at the step limit and at the time budget', async () => {
    const loop = version({ main: { content: 'start:\n  goto start' } }, { stepLimit: 5 });
    const engine = new Engine(new MemoryStore(), host);
    const result = await engine.turn({
      conversationId: 'c',
      version: loop,
      userKey: 'u',
      event: { content_type: 'text', content: { text: '' } },
    });
    expect(result.conversationEnd).toBe(true);
    expect(result.messages.at(-1)).toMatchObject({ content_type: 'error' });
    const spin = version(
      {
        main: {
          content: 'start:\n  do i = 0\n  while (true) { do i = i + 1 }',
        },
      },
      { turnTimeoutMs: 50 },
    );
    const started = performance.now();
    const timed = await engine.turn({
      conversationId: 'd',
      version: spin,
      userKey: 'u',
      event: { content_type: 'text', content: { text: '' } },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(timed.messages.at(-1)).toMatchObject({ content_type: 'error' });
  });
});
