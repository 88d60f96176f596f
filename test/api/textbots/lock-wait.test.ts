/**
 * T5: a turn that waits more than 10 s for its session's lock answers 409 `request.conflict`
 * (the client's own timeout is 16 s), and stores nothing: the same turn succeeds once the lock
 * is free. On PostgreSQL, where holding one conversation's lock leaves the rest of the store
 * free (SQLite's one connection serializes every use of the store while a turn runs).
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import {
  ALL_TEXTBOTS,
  expectErrorBody,
  launchBody,
  noOp,
  rejection,
  startTextbotsServer,
} from './fixture.js';
import type { TextbotsApi, TextbotsServer } from './fixture.js';

describePostgres('Textbots lock wait', () => {
  let database: TestDatabase;
  let server: TextbotsServer;
  let api: TextbotsApi;

  beforeAll(async () => {
    database = await createTestDatabase('parley_textbots_lock');
    server = await startTextbotsServer({ PARLEY_DATABASE_URL: database.url });
    await server.bot({
      name: 'Busy',
      flows: [{ name: 'busy', content: 'start:\n  say "hi"\n  hold\n  goto end' }],
    });
    api = await server.api((await server.key(ALL_TEXTBOTS)).token);
  });
  afterAll(async () => {
    await server.close();
    await database.drop();
  });

  it(
    'answers request.conflict after 10 s waiting for the session',
    { timeout: 30_000 },
    async () => {
      const { id } = await api.postTextbotsBotflowsSessions(launchBody('busy'));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const locked = server.app.store.withConversation(id, () => held);
      await sleep(50);
      const started = performance.now();
      const refused = await rejection(() => api.postTextbotsBotflowsSessionTurns(id, noOp()));
      const waited = performance.now() - started;
      release();
      await locked;
      expectErrorBody(refused, 409, 'request.conflict');
      expect(refused.message).toBe(
        'The request conflicts with the current state of the target resource.',
      );
      expect(waited).toBeGreaterThanOrEqual(9_900);
      expect(waited).toBeLessThan(16_000);
      const first = await api.postTextbotsBotflowsSessionTurns(id, noOp());
      expect(first).not.toHaveProperty('previousTurn');
    },
  );
});
