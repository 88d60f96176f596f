/**
 * What a flow-bot complete costs in SQL statements (the bench's turn: a user message, an
 * engine run resuming a hold, its bot message, the answer kept for retries, one commit).
 * On PostgreSQL every statement is a network round trip, transaction control included; on
 * SQLite, whose transactions the store batches, the statements that do work are counted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import { startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';
import { countStatements } from './statements.js';

const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

/** The statements of one complete on a conversation whose first turn is already done. */
async function completeCost(f: Fixture): Promise<string[]> {
  const { id } = await f.cbk.conversation.create({ botId: f.botId });
  await f.cbk.conversation.complete(id, { text: 'warm up' });
  const counter = countStatements();
  try {
    const reply = await f.cbk.conversation.complete(id, { text: 'hello' });
    expect(reply.text).toBe('you said: hello');
    return counter.statements.map((s) => s.replace(/\s+/g, ' ').trim());
  } finally {
    counter.stop();
  }
}

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

it('answers a flow-bot complete on SQLite in 11 working statements', async () => {
  const work = (await completeCost(f)).filter((s) => !CONTROL.test(s));
  // Credential, conversation with its newest message, claim, latest request; the engine's
  // conversation, memories, state and turn row; the messages, the kept answer, the release.
  expect(work.length, work.join('\n')).toBeLessThanOrEqual(11);
});

describePostgres('on PostgreSQL', () => {
  let database: TestDatabase;
  let pgf: Fixture;
  beforeAll(async () => {
    database = await createTestDatabase('parley_round_trips');
    pgf = await startFixture({ PARLEY_DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await pgf.close();
    await database.drop();
  });

  it('answers a flow-bot complete in 18 round trips', async () => {
    const statements = await completeCost(pgf);
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(18);
  });
});
