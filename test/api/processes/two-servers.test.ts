/**
 * Scale-out (issue 4): two `parley serve` processes on one PostgreSQL database take 200
 * concurrent chat turns for the same few conversations. Every turn is stored exactly once, the
 * sequence numbers of each conversation strictly increase, and no answer refers to a state it
 * did not see (a per-user counter kept in CSML memories answers 1, 2, 3… with no repeats).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import { startServerProcess } from './server-process.js';
import type { ServerProcess } from './server-process.js';

const COUNTER = `start:
  if (n) { remember n = n + 1 } else { remember n = 1 }
  say "{{n}}"
  hold
  goto start`;

const USERS = ['ann', 'bob', 'cat'];
const TURNS = 200;

describePostgres('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const dataDirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('parley_two');
    const secret = randomBytes(32).toString('base64url');
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-two-'));
      dataDirs.push(dataDir);
      // The second process starts once the first has made the organization.
      servers.push(
        await startServerProcess({
          PARLEY_DATA_DIR: dataDir,
          PARLEY_DATABASE_URL: database.url,
          PARLEY_SECRET: secret,
        }),
      );
    }
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGTERM');
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it(
    'stores every turn once, in order, each on the state before it',
    { timeout: 120_000 },
    async () => {
      const [a, b] = servers as [ServerProcess, ServerProcess];
      expect(a.adminToken).toMatch(/^pk_/);
      expect(b.adminToken).toBeNull();
      const token = a.adminToken!;
      const post = async (server: ServerProcess, url: string, body: unknown) => {
        const response = await fetch(`${server.baseUrl}${url}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as any };
      };
      const bot = await post(a, '/v1/bots', {
        name: 'Counter',
        flows: [{ name: 'Main', content: COUNTER }],
      });
      expect((await post(b, `/v1/bots/${bot.body.id}/build`, {})).status).toBe(200);

      const answers = await Promise.all(
        Array.from({ length: TURNS }, (_, i) =>
          post(i % 2 === 0 ? a : b, `/v1/bots/${bot.body.id}/chat`, {
            client: { user_id: USERS[i % USERS.length] },
            request_id: `turn-${i}`,
            payload: { content_type: 'text', content: { text: `${i}` } },
          }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        for (const user of USERS) {
          const mine = answers.filter((r) => r.body.client.user_id === user);
          const counts = mine.map((r) => Number(r.body.messages[0].payload.content.text));
          // Each answer saw the state left by the turn before it: 1..k, each once.
          expect([...counts].sort((x, y) => x - y)).toEqual(counts.map((_, i) => i + 1));
          const conversations = new Set(mine.map((r) => r.body.messages[0].conversation_id));
          expect(conversations.size).toBe(1);
          const [conversationId] = [...conversations];
          const turns = await client.query<{ id: string; seq: number; retry_key: string }>(
            'SELECT id, seq, retry_key FROM turns WHERE conversation_id = $1 ORDER BY seq',
            [conversationId],
          );
          // Exactly once: one stored turn per answered request, with its id.
          expect(turns.rows.map((t) => t.id).sort()).toEqual(
            mine.map((r) => r.body.interaction_id as string).sort(),
          );
          expect(turns.rows.map((t) => t.seq)).toEqual(mine.map((_, i) => i + 1));
          // The n-th stored turn is the one that answered n.
          const countOf = new Map(
            mine.map((r) => [
              r.body.interaction_id as string,
              Number(r.body.messages[0].payload.content.text),
            ]),
          );
          expect(turns.rows.map((t) => countOf.get(t.id))).toEqual(mine.map((_, i) => i + 1));
        }
      } finally {
        await client.end();
      }
    },
  );
});
