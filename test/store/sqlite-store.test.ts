import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { migrateSqlite, readMigrations, SQLITE_MIGRATIONS_DIR } from '../../src/store/migrate.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { seedBot } from './fixtures.js';
import { conversationsSuite } from './conversations-suite.js';
import { reposSuite } from './repos-suite.js';
import { BOT, client, ORG, runTurn, say, storeSuite } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function harness(store: SqliteStore) {
  return {
    store,
    turns: (id: string) => store.turns(id),
    addBot: (orgId: string, botId: string) => seedBot(store, orgId, botId),
  };
}

storeSuite('SqliteStore (file)', () => harness(SqliteStore.open(freshPath())));
storeSuite('SqliteStore (:memory:)', () => harness(SqliteStore.open(':memory:')));
reposSuite('SqliteStore (file)', () => Promise.resolve(harness(SqliteStore.open(freshPath()))));
reposSuite('SqliteStore (:memory:)', () => Promise.resolve(harness(SqliteStore.open(':memory:'))));
conversationsSuite('SqliteStore (file)', () =>
  Promise.resolve(harness(SqliteStore.open(freshPath()))),
);

describe('SqliteStore', () => {
  it('keeps committed turns, messages and memories after close and reopen', async () => {
    const path = freshPath();
    const first = SqliteStore.open(path);
    await seedBot(first, ORG, BOT);
    const opened = await first.openConversation(client());
    await runTurn(first, opened.id, {
      messages: [{ content_type: 'text', content: { text: 'hello', n: 2n ** 63n - 1n } }],
      memoryOps: [{ op: 'set', key: 'k', value: 2n ** 62n }],
    });
    await first.close();
    const again = SqliteStore.open(path);
    try {
      expect(again.migrationsApplied).toEqual([]);
      expect(await again.getConversation(ORG, opened.id)).toMatchObject({ turns: 1 });
      expect(
        await again.withConversation(opened.id, (tx) => tx.memories(BOT, opened.userKey)),
      ).toEqual({
        k: 2n ** 62n,
      });
      expect((await again.turns(opened.id))[0]?.messages).toEqual([
        { content_type: 'text', content: { text: 'hello', n: 2n ** 63n - 1n } },
      ]);
      expect((await again.messages(opened.id)).map((m) => m.type)).toEqual(['user', 'bot']);
    } finally {
      await again.close();
    }
  });

  it('opens in WAL mode with synchronous FULL and foreign keys on, creating the folder', async () => {
    const store = SqliteStore.open(join(dir, 'nested', 'deeper', 'parley.db'));
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.migrationsApplied).toEqual([
        '0001_initial.sql',
        '0002_conversations_api.sql',
        '0003_conversation_claims.sql',
      ]);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('lets a read wait for a transaction in progress instead of seeing its writes', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      await seedBot(store, ORG, BOT);
      const opened = await store.openConversation(client());
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const turn = store.withConversation(opened.id, async (tx) => {
        await tx.commit({
          ...(await import('./store-suite.js')).nextTurn(opened, { messages: [say('x')] }),
        });
        await gate;
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      let seen: number | undefined;
      const read = store.getConversation(ORG, opened.id).then((c) => (seen = c?.turns));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toBeUndefined();
      release();
      await turn;
      await read;
      expect(seen).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite migrations', () => {
  it('apply once, in order, and record each file', () => {
    const db = new Database(':memory:');
    try {
      const names = readMigrations(SQLITE_MIGRATIONS_DIR).map((m) => m.name);
      expect(names[0]).toBe('0001_initial.sql');
      expect(migrateSqlite(db)).toEqual(names);
      expect(migrateSqlite(db)).toEqual([]);
      const recorded = db
        .prepare('SELECT version, name FROM schema_migrations ORDER BY version')
        .all();
      expect(recorded).toEqual(names.map((name) => ({ version: Number(name.slice(0, 4)), name })));
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual([
        'access_tokens',
        'api_keys',
        'attachments',
        'bots',
        'contacts',
        'conversation_requests',
        'conversations',
        'flows',
        'memories',
        'messages',
        'organizations',
        'schema_migrations',
        'turns',
        'versions',
      ]);
    } finally {
      db.close();
    }
  });

  it('refuse a database migrated by a newer version', () => {
    const path = freshPath();
    const db = new Database(path);
    try {
      migrateSqlite(db);
      db.prepare("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)").run();
      expect(() => migrateSqlite(db)).toThrow(/9999.*newer/);
    } finally {
      db.close();
    }
    expect(() => SqliteStore.open(path)).toThrow(/9999/);
  });
});
