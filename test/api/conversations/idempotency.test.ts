/**
 * Retries (conversations-api.md §7.5, §7.6, §10): Idempotency-Key replays (same ids, text,
 * usage; as JSON and as a stream), a reused key with another body (409), double submits
 * answered once, repeats after an answer run again, and a request refused with 503 while the
 * conversation is busy, retried by the SDK itself: exactly one user and one bot message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ChatBotKit } from '@chatbotkit/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createAuthenticator } from '../../../src/api/auth/authenticate.js';
import { createApiKey } from '../../../src/api/auth/keys.js';
import { serverSecretFrom } from '../../../src/api/auth/server-secret.js';
import { readConfig } from '../../../src/api/config.js';
import {
  conversationsSurface,
  sessionTokenVerifier,
} from '../../../src/api/conversations/routes.js';
import { firstStart } from '../../../src/api/first-start.js';
import { createServer } from '../../../src/api/server.js';
import type { ParleyServer } from '../../../src/api/server.js';
import { BotService } from '../../../src/engine/bots.js';
import { BuildService } from '../../../src/engine/builds.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { startFakeOpenAi } from '../../engine/llm/fake-openai.js';
import type { FakeOpenAi } from '../../engine/llm/fake-openai.js';
import { collect, ECHO_FLOW, refusal } from './fixture.js';

/** The surface's lock wait, short here so that a busy conversation answers 503 quickly. */
const LOCK_WAIT_MS = 300;

let dir: string;
let store: SqliteStore;
let server: ParleyServer;
let baseUrl: string;
let secret: string;
let flowBot: string;
let llmBot: string;
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  dir = mkdtempSync(path.join(tmpdir(), 'parley-retries-'));
  const config = readConfig({ PORT: '0', PARLEY_DATA_DIR: dir, PARLEY_LOG_LEVEL: 'silent' });
  store = SqliteStore.open(path.join(dir, 'parley.db'));
  const serverSecret = serverSecretFrom('s'.repeat(40));
  const bots = new BotService(store, serverSecret);
  const builds = new BuildService(store);
  const started = await firstStart(store, { bots, builds }, serverSecret, Date.now);
  const orgId = started!.orgId;
  const flow = await bots.create(orgId, {
    name: 'Echo',
    flows: [{ name: 'Main', content: ECHO_FLOW }],
  });
  await builds.build(orgId, flow.bot.id);
  flowBot = flow.bot.id;
  const llm = await bots.create(orgId, {
    name: 'LLM',
    flows: [],
    llm: { model: 'gpt-test', baseUrl: fake.baseUrl },
  });
  llmBot = llm.bot.id;
  secret = (
    await createApiKey(
      store,
      serverSecret,
      { orgId, botId: null, name: 't', permissions: ['conversations:*'] },
      Date.now(),
    )
  ).token;
  server = await createServer({
    config,
    store,
    routes: conversationsSurface({
      store,
      builds,
      serverSecret,
      config,
      lockWaitMs: LOCK_WAIT_MS,
    }).routes,
    authenticate: createAuthenticator({
      store,
      serverSecret,
      sessionTokens: sessionTokenVerifier({ store, serverSecret }),
    }),
  });
  baseUrl = (await server.listen()).url;
});
afterAll(async () => {
  await server.close();
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
});

const sdk = (options: Record<string, unknown> = {}): any =>
  new ChatBotKit({ baseUrl, secret, retries: 0, ...options });

const texts = async (cid: string) =>
  (await sdk().conversation.message.list(cid)).items.map((m: any) => `${m.type}:${m.text}`);

describe('Idempotency-Key', () => {
  it('answers a repeat with the stored answer, as JSON and as a stream', async () => {
    const { id } = await sdk().conversation.create({ botId: flowBot });
    const keyed = sdk().extend({ headers: { 'Idempotency-Key': 'k-1' } });
    const first = await keyed.conversation.complete(id, { text: 'hi' });
    // Other turns in between: the key still finds its answer.
    await sdk().conversation.complete(id, { text: 'other' });
    expect(await keyed.conversation.complete(id, { text: 'hi' })).toEqual(first);
    const replayed = await collect(keyed.conversation.complete(id, { text: 'hi' }).stream());
    expect(replayed.map((e) => [e.type, e.data])).toEqual([
      ['sendResult', { id: expect.any(String), text: 'hi', entities: [], usage: { token: 1 } }],
      ['token', { token: 'you said: hi' }],
      [
        'message',
        {
          id: first.id,
          type: 'bot',
          text: 'you said: hi',
          meta: { payloads: [{ content_type: 'text', content: { text: 'you said: hi' } }] },
        },
      ],
      ['result', first],
    ]);
    expect(await texts(id)).toEqual([
      'user:hi',
      'bot:you said: hi',
      'user:other',
      'bot:you said: other',
    ]);
    expect(await refusal(keyed.conversation.complete(id, { text: 'changed' }))).toEqual({
      code: 'CONFLICT',
      message: 'this Idempotency-Key was already used with another request',
    });
    // Send and receive honour keys too.
    const sender = sdk().extend({ headers: { 'Idempotency-Key': 's-1' } });
    const sent = await sender.conversation.send(id, { text: 'once' });
    expect(await sender.conversation.send(id, { text: 'once' })).toEqual(sent);
    expect((await texts(id)).filter((t: string) => t === 'user:once')).toHaveLength(1);
  });

  it('refuses a key that is not printable ASCII of at most 255 characters', async () => {
    const { id } = await sdk().conversation.create({ botId: flowBot });
    const long = sdk().extend({ headers: { 'Idempotency-Key': 'k'.repeat(256) } });
    expect((await refusal(long.conversation.complete(id, { text: 'x' }))).code).toBe('BAD_REQUEST');
  });
});

describe('double submits', () => {
  it('answers a repeat that arrived while the first was running with the same answer', async () => {
    const { id } = await sdk().conversation.create({ botId: llmBot });
    fake.script({ tokens: ['slow ', 'answer'], delayMs: 30 });
    const [a, b] = await Promise.all([
      sdk().conversation.complete(id, { text: 'same' }),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
        sdk().conversation.complete(id, { text: 'same' }),
      ),
    ]);
    expect(b).toEqual(a);
    expect(fake.requests).toHaveLength(1);
    expect(await texts(id)).toEqual(['user:same', 'bot:slow answer']);
  });

  it('runs a repeat that comes after the answer: a user may say yes twice', async () => {
    const { id } = await sdk().conversation.create({ botId: flowBot });
    const one = await sdk().conversation.complete(id, { text: 'yes' });
    const two = await sdk().conversation.complete(id, { text: 'yes' });
    expect(two.id).not.toBe(one.id);
    expect(await texts(id)).toEqual([
      'user:yes',
      'bot:you said: yes',
      'user:yes',
      'bot:you said: yes',
    ]);
  });
});

describe('503 while busy, retried by the SDK', () => {
  it('answers 503 before storing anything; the SDK retry stores one user and one bot message', async () => {
    const { id } = await sdk().conversation.create({ botId: llmBot });
    // A first turn holds the conversation for about 450 ms.
    fake.script({ tokens: ['a', 'b', 'c', 'd', 'e'], delayMs: 75 }, { tokens: ['second reply'] });
    const statuses: number[] = [];
    // ResponsePromises are lazy: `then` sends the request.
    const busy = sdk()
      .conversation.complete(id, { text: 'first' })
      .then((answer: unknown) => answer);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The SDK as an application has it (default retries: 3, from 250 ms); the global fetch it
    // calls is watched to see the statuses.
    const original = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const response = await original(input, init);
      statuses.push(response.status);
      return response;
    };
    let second: any;
    try {
      second = await (new ChatBotKit({ baseUrl, secret }) as any).conversation.complete(id, {
        text: 'second',
      });
    } finally {
      globalThis.fetch = original;
    }
    await busy;
    expect(statuses[0]).toBe(503);
    expect(statuses.at(-1)).toBe(200);
    expect(second.text).toBe('second reply');
    const stored = await texts(id);
    expect(stored.filter((t: string) => t === 'user:second')).toHaveLength(1);
    expect(stored.filter((t: string) => t === 'bot:second reply')).toHaveLength(1);
    expect(stored).toHaveLength(4);
  });

  it('answers SERVICE_UNAVAILABLE to a client without retries', async () => {
    const { id } = await sdk().conversation.create({ botId: llmBot });
    fake.script({ tokens: ['x', 'y', 'z', 'w', 'v', 'u'], delayMs: 100 });
    // ResponsePromises are lazy: `then` sends the request.
    const busy = sdk()
      .conversation.complete(id, { text: 'first' })
      .then((answer: unknown) => answer);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(
      await refusal(sdk().conversation.message.create(id, { type: 'user', text: 'x' })),
    ).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'another request on this conversation is still running; try again',
    });
    await busy;
    expect(await texts(id)).toEqual(['user:first', 'bot:xyzwvu']);
  });
});
