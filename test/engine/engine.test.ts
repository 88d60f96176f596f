/** The Engine's turn scenarios, on every Store implementation. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmlHost } from '../../src/csml/interpreter/host.js';
import type { BotVersion } from '../../src/engine/bot-version.js';
import { Engine } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/errors.js';
import { MemoryStore } from '../../src/engine/memory-store.js';
import type { StoredTurn } from '../../src/engine/memory-store.js';
import type { Store } from '../../src/engine/store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

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

function version(
  flows: Record<string, { content: string; commands?: string[] }>,
  settings = {},
): BotVersion {
  versions++;
  return {
    id: `engine-test-v${versions}`,
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

interface TestStore extends Store {
  turns(conversationId: string): StoredTurn[];
}

const STORES: [string, () => TestStore & { close?: () => void }][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['SqliteStore', () => SqliteStore.open(':memory:')],
];

describe.each(STORES)('Engine on %s', (_name, makeStore) => {
  const bot = version({
    main: {
      content: `start:
  say "What's your name?"
  hold
  remember name = event
  remember big = 9223372036854775807
  say "Hi {{name}}"
  goto end`,
    },
    other: {
      content: 'start:\n  say "other flow, name {{name}}, big {{big}}"',
      commands: ['/other'],
    },
  });
  const stores: (TestStore & { close?: () => void })[] = [];
  const open = () => {
    const store = makeStore();
    stores.push(store);
    return store;
  };
  afterEach(() => {
    for (const store of stores.splice(0)) store.close?.();
  });

  it('keeps a hold between turns and remembers per user', async () => {
    const store = open();
    const engine = new Engine(store, host);
    const first = await engine.turn({
      conversationId: 'c1',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: 'hello' } },
    });
    expect(texts(first.messages)).toEqual(["What's your name?"]);
    expect(first.conversationEnd).toBe(false);
    const held = await store.withConversation('c1', (tx) => tx.conversation());
    expect(held?.state?.hold).not.toBeNull();
    const second = await engine.turn({
      conversationId: 'c1',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: 'Ada' } },
    });
    expect(texts(second.messages)).toEqual(['Hi Ada']);
    expect(second.conversationEnd).toBe(true);
    const third = await engine.turn({
      conversationId: 'c2',
      version: bot,
      userKey: 'u1',
      event: { content_type: 'text', content: { text: '/OTHER' } },
    });
    expect(texts(third.messages)).toEqual(['other flow, name Ada, big 9223372036854775807']);
    expect(store.turns('c1').map((t) => t.seq)).toEqual([1, 2]);
    expect(store.turns('c2').map((t) => t.seq)).toEqual([1]);
    expect(await store.withConversation('c2', (tx) => tx.memories('bot', 'u1'))).toEqual({
      name: 'Ada',
      big: 9223372036854775807n,
    });
    // Another user of the same bot has no memories.
    const stranger = await engine.turn({
      conversationId: 'c3',
      version: bot,
      userKey: 'u2',
      event: { content_type: 'text', content: { text: '/other' } },
    });
    expect(texts(stranger.messages).at(-1)).toBe('other flow, name Null, big Null');
  });

  it('refuses malformed events without storing anything', async () => {
    const store = open();
    const engine = new Engine(store, host);
    await expect(
      engine.turn({
        conversationId: 'c',
        version: bot,
        userKey: 'u',
        event: { content_type: 'text', content: {} },
      }),
    ).rejects.toBeInstanceOf(EngineError);
    await expect(
      engine.turn({
        conversationId: 'c',
        version: bot,
        userKey: 'u',
        event: { content_type: 'sticker', content: {} },
      }),
    ).rejects.toMatchObject({ code: 'invalid_event', status: 400 });
    expect(store.turns('c')).toEqual([]);
    expect(await store.withConversation('c', (tx) => tx.conversation())).toBeNull();
  });

  it('serializes concurrent turns of one conversation', async () => {
    const store = open();
    const engine = new Engine(store, host);
    const event = { content_type: 'text', content: { text: 'x' } } as const;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        engine.turn({ conversationId: i % 2 ? 'odd' : 'even', version: bot, userKey: 'u', event }),
      ),
    );
    expect(results.map((r) => r.turn)).toEqual(
      Array.from({ length: 20 }, (_, i) => Math.floor(i / 2) + 1),
    );
    const seqs = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(store.turns('even').map((t) => t.seq)).toEqual(seqs);
    expect(store.turns('odd').map((t) => t.seq)).toEqual(seqs);
  });

  it('stores the error message of a turn stopped at the step limit', async () => {
    const loop = version({ main: { content: 'start:\n  goto start' } }, { stepLimit: 5 });
    const store = open();
    const result = await new Engine(store, host).turn({
      conversationId: 'c',
      version: loop,
      userKey: 'u',
      event: { content_type: 'text', content: { text: '' } },
    });
    expect(result.conversationEnd).toBe(true);
    expect(store.turns('c').at(-1)?.messages.at(-1)).toMatchObject({ content_type: 'error' });
    expect(await store.withConversation('c', (tx) => tx.conversation())).toMatchObject({
      state: null,
      turns: 1,
    });
  });

  it('stops an endless loop at the time budget', async () => {
    const spin = version(
      { main: { content: 'start:\n  do i = 0\n  while (true) { do i = i + 1 }' } },
      { turnTimeoutMs: 50 },
    );
    const started = performance.now();
    const timed = await new Engine(open(), host).turn({
      conversationId: 'd',
      version: spin,
      userKey: 'u',
      event: { content_type: 'text', content: { text: '' } },
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(timed.conversationEnd).toBe(true);
    expect(timed.messages.at(-1)).toMatchObject({ content_type: 'error' });
  });
});
