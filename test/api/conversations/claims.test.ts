/**
 * §7.5 across server processes: two Parley servers on one PostgreSQL database, an LLM bot on a
 * local model server that answers slowly. Requests on one conversation through both servers
 * are serialized by the conversation's claim for as long as each runs (its model call
 * included): both succeed in order, none answers 503, and each model call sees the messages of
 * the turn before it. On SQLite too, a claim left by a process that died is taken over once it
 * lapses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ChatBotKit } from '@chatbotkit/sdk';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { createApp } from '../../../src/api/app.js';
import type { ParleyApp } from '../../../src/api/app.js';
import { readConfig } from '../../../src/api/config.js';
import { startFakeOpenAi } from '../../engine/llm/fake-openai.js';
import type { FakeOpenAi } from '../../engine/llm/fake-openai.js';
import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import { startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

const SECRET = 'claims-test-secret-'.repeat(3);

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const transcript = async (cbk: any, id: string) =>
  (await cbk.conversation.message.list(id)).items.map((m: any) => `${m.type}:${m.text}`);

describePostgres('two servers on one PostgreSQL database', () => {
  let database: TestDatabase;
  let first: Fixture;
  let second: { app: ParleyApp; dataDir: string; cbk: any };
  let llmBot: string;

  beforeAll(async () => {
    database = await createTestDatabase('parley_claims');
    first = await startFixture({ PARLEY_DATABASE_URL: database.url, PARLEY_SECRET: SECRET });
    // A second process of the same deployment: same database, same secret, its own folder.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-claims-'));
    const app = await createApp({
      config: readConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        PARLEY_DATA_DIR: dataDir,
        PARLEY_DATABASE_URL: database.url,
        PARLEY_SECRET: SECRET,
        PARLEY_RATE_LIMIT: '0',
        PARLEY_LOG_LEVEL: 'silent',
      }),
    });
    const { port } = await app.server.listen();
    second = {
      app,
      dataDir,
      cbk: new ChatBotKit({
        baseUrl: `http://127.0.0.1:${port}`,
        secret: first.secret,
        retries: 0,
      }),
    };
    llmBot = await first.makeBot(
      { flows: [], llm: { model: 'gpt-test', baseUrl: fake.baseUrl } },
      false,
    );
  });
  afterAll(async () => {
    await second.app.close();
    rmSync(second.dataDir, { recursive: true, force: true });
    await first.close();
    await database.drop();
  });

  it('serializes two completes of one conversation through two servers, in order', async () => {
    const { id } = await first.cbk.conversation.create({ botId: llmBot });
    // The first model call streams for about a second; the second one echoes at once.
    fake.script({ tokens: ['slow ', 'and ', 'steady'], delayMs: 300 });
    const one = Promise.resolve(first.cbk.conversation.complete(id, { text: 'first' }));
    await pause(150);
    const two = Promise.resolve(second.cbk.conversation.complete(id, { text: 'second' }));
    const [a, b] = await Promise.all([one, two]);
    expect(a).toMatchObject({ text: 'slow and steady', end: { reason: 'stop' } });
    expect(b).toMatchObject({ text: 'echo: second', end: { reason: 'stop' } });
    expect(fake.requests).toHaveLength(2);
    const history = fake.requests[1]!.body.messages.map((m) => `${m.role}:${m.content ?? ''}`);
    expect(history.slice(-3)).toEqual(['user:first', 'assistant:slow and steady', 'user:second']);
    expect(await transcript(first.cbk, id)).toEqual([
      'user:first',
      'bot:slow and steady',
      'user:second',
      'bot:echo: second',
    ]);
  });

  it('holds a message create on the other server until the running turn is stored', async () => {
    const { id } = await first.cbk.conversation.create({ botId: llmBot });
    fake.script({ tokens: ['one ', 'moment'], delayMs: 300 });
    const turn = Promise.resolve(first.cbk.conversation.complete(id, { text: 'question' }));
    await pause(150);
    const note = await second.cbk.conversation.message.create(id, { type: 'user', text: 'note' });
    expect((await turn).text).toBe('one moment');
    expect(note.id).toEqual(expect.any(String));
    expect(await transcript(second.cbk, id)).toEqual([
      'user:question',
      'bot:one moment',
      'user:note',
    ]);
  });
});

it('takes over a claim left by a process that died once it lapses', async () => {
  const f = await startFixture();
  try {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const now = Date.now();
    // As a process that died mid-request leaves it: claimed, never released.
    const left = await f.server.app.store.claimConversation({
      orgId: f.server.orgId,
      conversationId: id,
      token: 'dead-process',
      until: now + 400,
      now,
    });
    expect(left.kind).toBe('claimed');
    const started = performance.now();
    const reply = await f.cbk.conversation.complete(id, { text: 'hello' });
    expect(reply.text).toBe('you said: hello');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(await transcript(f.cbk, id)).toEqual(['user:hello', 'bot:you said: hello']);
  } finally {
    await f.close();
  }
});
