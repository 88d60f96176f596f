/**
 * Per-session serialization across server processes (textbots-api.md T5, X2): two
 * `parley serve` processes on one PostgreSQL database, an official SDK client on each. Exact
 * duplicates sent to both at once all get the one stored answer; two different turns after the
 * same previous turn, one per process, make exactly one turn; execute's first calls for one
 * botSessionId on both processes make one conversation whose turns chain.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import { startServerProcess } from '../processes/server-process.js';
import type { ServerProcess } from '../processes/server-process.js';
import { expectErrorBody, launchBody, noOp, sdk, userInput } from './fixture.js';
import type { TextbotsApi } from './fixture.js';

const COUNTER = `start:
  say "ready"
  goto count

count:
  hold
  if (n) { remember n = n + 1 } else { remember n = 1 }
  say "{{n}}"
  goto count`;

describePostgres('Textbots on two server processes sharing PostgreSQL', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const dataDirs: string[] = [];
  const apis: TextbotsApi[] = [];
  let botId = '';

  beforeAll(async () => {
    database = await createTestDatabase('parley_textbots_two');
    const secret = randomBytes(32).toString('base64url');
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-textbots-two-'));
      dataDirs.push(dataDir);
      servers.push(
        await startServerProcess({
          PARLEY_DATA_DIR: dataDir,
          PARLEY_DATABASE_URL: database.url,
          PARLEY_SECRET: secret,
        }),
      );
    }
    const token = servers[0]!.adminToken!;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${servers[0]!.baseUrl}/v1/bots`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Counter', flows: [{ name: 'counter', content: COUNTER }] }),
    });
    botId = ((await created.json()) as { id: string }).id;
    const built = await fetch(`${servers[0]!.baseUrl}/v1/bots/${botId}/build`, {
      method: 'POST',
      headers,
    });
    expect(built.ok).toBe(true);
    const platform = await sdk();
    for (const server of servers) {
      const Client = (platform as unknown as { ApiClientClass: new () => any }).ApiClientClass;
      const client = new Client();
      const port = Number(new URL(server.baseUrl).port);
      client.setGateway({ host: '127.0.0.1', port, protocol: 'http' });
      const [keyId, secretPart] = [
        token.slice(0, token.indexOf('.')),
        token.slice(token.indexOf('.') + 1),
      ];
      await client.loginClientCredentialsGrant(keyId, secretPart);
      apis.push(new platform.TextbotsApi(client));
    }
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGTERM');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('serializes the turns of one session across both processes', { timeout: 60_000 }, async () => {
    const [a, b] = apis as [TextbotsApi, TextbotsApi];
    const { id } = await a.postTextbotsBotflowsSessions(launchBody('counter'));
    const first = await b.postTextbotsBotflowsSessionTurns(id, noOp());
    let previous = first.id;
    for (let n = 1; n <= 10; n++) {
      const body = userInput(previous, `turn ${n}`);
      // Three exact duplicates on each process at once: one turn, one answer.
      const answers = await Promise.all(
        [a, b, a, b, a, b].map((api) => api.postTextbotsBotflowsSessionTurns(id, body)),
      );
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]!.prompts?.textPrompts?.segments).toEqual([
        { type: 'Text', text: String(n) },
      ]);
      expect(answers[0]!.previousTurn).toEqual({ id: previous });
      previous = answers[0]!.id!;
    }
    // Two different turns after the same previous one, one per process: exactly one is taken.
    const racing = await Promise.allSettled([
      a.postTextbotsBotflowsSessionTurns(id, userInput(previous, 'left')),
      b.postTextbotsBotflowsSessionTurns(id, userInput(previous, 'right')),
    ]);
    const won = racing.filter((r) => r.status === 'fulfilled');
    const lost = racing.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expectErrorBody(lost[0]!.reason, 400, 'mismatched.turn.id');
    expect((won[0] as PromiseFulfilledResult<any>).value.prompts.textPrompts.segments).toEqual([
      { type: 'Text', text: '11' },
    ]);
  });

  it(
    'makes one execute conversation for a botSessionId called on both processes at once',
    { timeout: 60_000 },
    async () => {
      const [a, b] = apis as [TextbotsApi, TextbotsApi];
      const send = (api: TextbotsApi, text: string) =>
        api.postTextbotsBotsExecute({
          botId,
          integrationId: 'i',
          botSessionId: 'shared',
          postTextMessage: { type: 'Text', text },
        });
      const answers = await Promise.all([send(a, 'x'), send(b, 'y'), send(a, 'z'), send(b, 'w')]);
      const texts = answers.map((r) => r.replyMessages?.map((m) => m.text).join(' '));
      // One run said "ready" and held; each later call counted on the same memories: 1, 2, 3.
      expect(texts.sort()).toEqual(['1', '2', '3', 'ready']);
    },
  );
});
