/** The Engine's turn scenarios, on every ConversationStore implementation. */
import { afterEach, describe, expect, it } from 'vitest';
import type { CsmlHost } from '../../src/csml/interpreter/host.js';
import type { BotVersion } from '../../src/engine/bot-version.js';
import { Engine } from '../../src/engine/engine.js';
import type { ConverseRequest } from '../../src/engine/engine.js';
import { EngineError } from '../../src/engine/errors.js';
import type { ClientEvent } from '../../src/engine/events.js';
import { MemoryStore } from '../../src/engine/memory-store.js';
import type { ConversationStore } from '../../src/engine/store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { seedBot } from '../store/fixtures.js';

const clock = Date.UTC(2026, 0, 1);

const host: CsmlHost = {
  now: () => clock,
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

const text = (value: string): ClientEvent => ({ content_type: 'text', content: { text: value } });

type Closable = ConversationStore & { close?: () => unknown };

const STORES: [string, () => Promise<Closable>][] = [
  ['MemoryStore', () => Promise.resolve(new MemoryStore())],
  [
    'SqliteStore',
    async () => {
      const store = SqliteStore.open(':memory:');
      // Conversations belong to a stored bot of an organization.
      await seedBot(store, 'org', 'bot');
      return store;
    },
  ],
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
  const stores: Closable[] = [];
  const open = async () => {
    const store = await makeStore();
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close?.();
  });

  /** One turn of `user` on `v`, Studio-like (an ending closes the conversation). */
  const say = (
    engine: Engine,
    user: string,
    event: ClientEvent,
    v: BotVersion = bot,
    extra: Partial<ConverseRequest> = {},
  ) =>
    engine.converse({
      conversation: {
        orgId: 'org',
        botId: 'bot',
        channel: 'test',
        externalKey: user,
        versionId: v.id,
        userKey: user,
      },
      loadVersion: () => Promise.resolve(v),
      event,
      endCloses: true,
      ...extra,
    });

  it('keeps a hold between turns, remembers per user, and starts anew after the end', async () => {
    const store = await open();
    const engine = new Engine(store, { host: () => host });
    const first = await say(engine, 'u1', text('hello'));
    expect(texts(first.turn.messages)).toEqual(["What's your name?"]);
    expect(first.turn.conversationEnd).toBe(false);
    expect(first.conversation.state?.hold).not.toBeNull();
    const second = await say(engine, 'u1', text('Ada'));
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(texts(second.turn.messages)).toEqual(['Hi Ada']);
    expect(second.turn.conversationEnd).toBe(true);
    expect(second.turn.seq).toBe(2);
    expect(second.conversation.status).toBe('closed');
    const third = await say(engine, 'u1', text('/OTHER'));
    expect(third.conversation.id).not.toBe(first.conversation.id);
    expect(third.turn.seq).toBe(1);
    expect(texts(third.turn.messages)).toEqual(['other flow, name Ada, big 9223372036854775807']);
    const memories = await store.withConversation(third.conversation.id, (tx) =>
      tx.memories('bot', 'u1'),
    );
    expect(memories).toEqual({ name: 'Ada', big: 9223372036854775807n });
    // Another user of the same bot has no memories.
    const stranger = await say(engine, 'u2', text('/other'));
    expect(texts(stranger.turn.messages).at(-1)).toBe('other flow, name Null, big Null');
  });

  it('refuses malformed events without storing anything', async () => {
    const store = await open();
    const engine = new Engine(store, { host: () => host });
    await expect(say(engine, 'u', { content_type: 'text', content: {} })).rejects.toBeInstanceOf(
      EngineError,
    );
    await expect(say(engine, 'u', { content_type: 'sticker', content: {} })).rejects.toMatchObject({
      code: 'invalid_event',
      status: 400,
    });
    const first = await say(engine, 'u', text('hello'));
    expect(first.turn.seq).toBe(1);
  });

  it('serializes concurrent turns of one conversation', async () => {
    const store = await open();
    const engine = new Engine(store, { host: () => host });
    const echo = version({
      main: { content: 'start:\n  say "echo {{event}}"\n  hold\n  goto start' },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => say(engine, i % 2 ? 'odd' : 'even', text(`${i}`), echo)),
    );
    for (const user of ['even', 'odd']) {
      const mine = results.filter((r) => r.conversation.externalKey === user);
      expect(new Set(mine.map((r) => r.conversation.id)).size).toBe(1);
      expect(mine.map((r) => r.turn.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    }
  });

  it('answers a retry from the stored turn and runs a new request', async () => {
    const store = await open();
    const engine = new Engine(store, { host: () => host });
    const counter = version({
      main: {
        content:
          'start:\n  if (n) { remember n = n + 1 } else { remember n = 1 }\n  say "n={{n}}"\n  hold\n  goto start',
      },
    });
    const retry = (key: string) => ({
      retryKey: key,
      digest: 'd',
      retry: (last: { retryKey: string | null }): 'replay' | 'run' =>
        last.retryKey === key ? 'replay' : 'run',
    });
    const a = await say(engine, 'u', text('x'), counter, retry('r1'));
    const again = await say(engine, 'u', text('x'), counter, retry('r1'));
    expect(again.replayed).toBe(true);
    expect(again.turn.id).toBe(a.turn.id);
    expect(texts(again.turn.messages)).toEqual(['n=1']);
    const b = await say(engine, 'u', text('x'), counter, retry('r2'));
    expect(b.replayed).toBe(false);
    expect(texts(b.turn.messages)).toEqual(['n=2']);
  });

  it('starts a new conversation after the idle TTL', async () => {
    const store = await open();
    const now = { value: Date.UTC(2026, 0, 1) };
    const engine = new Engine(store, { host: () => host, now: () => now.value });
    const ttl = version(
      { main: { content: 'start:\n  say "again"\n  hold\n  goto start' } },
      { sessionTtlMinutes: 1 },
    );
    const a = await say(engine, 'u', text('x'), ttl);
    now.value += 59_000;
    const b = await say(engine, 'u', text('x'), ttl);
    expect(b.conversation.id).toBe(a.conversation.id);
    now.value += 61_000;
    const c = await say(engine, 'u', text('x'), ttl);
    expect(c.conversation.id).not.toBe(a.conversation.id);
    expect(c.turn.seq).toBe(1);
    // Without endCloses (Conversations surface) the same conversation restarts its flow.
    now.value += 61_000;
    const d = await say(engine, 'u', text('x'), ttl, { endCloses: false });
    expect(d.conversation.id).toBe(c.conversation.id);
    expect(d.turn.seq).toBe(2);
  });

  it('stores the error message of a turn stopped at the step limit', async () => {
    const loop = version({ main: { content: 'start:\n  goto start' } }, { stepLimit: 5 });
    const store = await open();
    const result = await say(new Engine(store, { host: () => host }), 'u', text(''), loop);
    expect(result.turn.conversationEnd).toBe(true);
    expect(result.turn.messages.at(-1)).toMatchObject({ content_type: 'error' });
    const last = await store.withConversation(result.conversation.id, (tx) => tx.lastTurn());
    expect(last?.messages.at(-1)).toMatchObject({ content_type: 'error' });
    expect(result.conversation).toMatchObject({ state: null, turns: 1, status: 'closed' });
  });

  it('stops an endless loop at the time budget', async () => {
    const spin = version(
      { main: { content: 'start:\n  do i = 0\n  while (true) { do i = i + 1 }' } },
      { turnTimeoutMs: 50 },
    );
    const started = performance.now();
    const timed = await say(new Engine(await open(), { host: () => host }), 'u', text(''), spin);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(timed.turn.conversationEnd).toBe(true);
    expect(timed.turn.messages.at(-1)).toMatchObject({ content_type: 'error' });
  });
});
