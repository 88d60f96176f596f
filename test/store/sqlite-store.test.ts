import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateSqlite, readMigrations, SQLITE_MIGRATIONS_DIR } from '../../src/store/migrate.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { storeSuite } from './store-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-'));
let files = 0;
const freshPath = () => join(dir, `store-${++files}.db`);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('SqliteStore (file)', () => {
  const store = SqliteStore.open(freshPath());
  return {
    store,
    turns: (id) => Promise.resolve(store.turns(id)),
    close: () => {
      store.close();
    },
  };
});

storeSuite('SqliteStore (:memory:)', () => {
  const store = SqliteStore.open(':memory:');
  return {
    store,
    turns: (id) => Promise.resolve(store.turns(id)),
    close: () => {
      store.close();
    },
  };
});

describe('SqliteStore', () => {
  it('keeps committed turns, messages and memories after close and reopen', async () => {
    const path = freshPath();
    const first = SqliteStore.open(path);
    await first.withConversation('c1', (tx) =>
      tx.commit({
        conversation: {
          id: 'c1',
          botId: 'bot',
          versionId: 'v1',
          userKey: 'u',
          status: 'open',
          state: null,
          turns: 1,
        },
        event: { content_type: 'text', content: { text: 'hi' } },
        messages: [{ content_type: 'text', content: { text: 'hello', n: 2n ** 63n - 1n } }],
        memoryOps: [{ op: 'set', key: 'k', value: 2n ** 62n }],
      }),
    );
    first.close();
    const again = SqliteStore.open(path);
    try {
      expect(await again.withConversation('c1', (tx) => tx.conversation())).toMatchObject({
        turns: 1,
        state: null,
      });
      expect(await again.withConversation('c1', (tx) => tx.memories('bot', 'u'))).toEqual({
        k: 2n ** 62n,
      });
      expect(again.messages('c1')).toEqual([
        {
          conversationId: 'c1',
          turnSeq: 1,
          position: 0,
          content_type: 'text',
          content: { text: 'hello', n: 2n ** 63n - 1n },
        },
      ]);
      const row = again.db
        .prepare('SELECT created_at, updated_at FROM conversations WHERE id = ?')
        .get('c1') as { created_at: string; updated_at: string };
      expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      again.close();
    }
  });

  it('opens in WAL mode with synchronous FULL and foreign keys on', () => {
    const store = SqliteStore.open(freshPath());
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });

  it('refuses a turn number already stored, writing nothing of that commit', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const conversation = {
        id: 'c1',
        botId: 'bot',
        versionId: 'v1',
        userKey: 'u',
        status: 'open' as const,
        state: null,
        turns: 1,
      };
      const commit = (text: string) =>
        store.withConversation('c1', (tx) =>
          tx.commit({
            conversation,
            event: { content_type: 'text', content: { text } },
            messages: [],
            memoryOps: [{ op: 'set', key: 'k', value: text }],
          }),
        );
      await commit('first');
      await expect(commit('again')).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
      expect(store.turns('c1').map((t) => t.event)).toEqual([
        { content_type: 'text', content: { text: 'first' } },
      ]);
      expect(await store.withConversation('c1', (tx) => tx.memories('bot', 'u'))).toEqual({
        k: 'first',
      });
    } finally {
      store.close();
    }
  });

  it('rejects use of a transaction after withConversation returned', async () => {
    const store = SqliteStore.open(':memory:');
    try {
      const tx = await store.withConversation('c1', (t) => Promise.resolve(t));
      expect(() => tx.conversation()).toThrow(/is over/);
    } finally {
      store.close();
    }
  });
});

describe('SQLite migrations', () => {
  it('apply once, in order, and record each file', () => {
    const db = new Database(':memory:');
    try {
      const names = readMigrations(SQLITE_MIGRATIONS_DIR).map((m) => m.name);
      expect(names[0]).toBe('0001_conversations.sql');
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
        'conversations',
        'memories',
        'messages',
        'schema_migrations',
        'turns',
      ]);
    } finally {
      db.close();
    }
  });

  it('refuse a database migrated by a newer version', () => {
    const db = new Database(':memory:');
    try {
      migrateSqlite(db);
      db.prepare("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'x')").run();
      expect(() => migrateSqlite(db)).toThrow(/9999/);
    } finally {
      db.close();
    }
  });
});
