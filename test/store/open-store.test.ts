import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { describeStore, openStore, storeLocation } from '../../src/store/open-store.js';
import { createTestDatabase, describePostgres } from './postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-open-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('storeLocation', () => {
  it('defaults to parley.db in the data folder, relative to the working directory', () => {
    expect(storeLocation({ dataDir: 'data' })).toEqual({
      dialect: 'sqlite',
      path: resolve('data', 'parley.db'),
    });
    expect(storeLocation({ databaseUrl: '  ', dataDir: '/srv/parley' })).toEqual({
      dialect: 'sqlite',
      path: '/srv/parley/parley.db',
    });
  });

  it('reads sqlite:PATH, absolute or relative, and sqlite:///absolute', () => {
    const at = (databaseUrl: string) => storeLocation({ databaseUrl, dataDir: 'ignored' });
    expect(at('sqlite:/var/lib/p.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/p.db' });
    expect(at('sqlite:db/p.db')).toEqual({ dialect: 'sqlite', path: resolve('db/p.db') });
    expect(at('sqlite:///var/lib/p.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/p.db' });
    expect(at('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
  });

  it('takes postgres:// and postgresql:// URLs as they are', () => {
    for (const url of [
      'postgres://u:pw@db:5432/parley',
      'postgresql://db/parley?sslmode=require',
    ]) {
      expect(storeLocation({ databaseUrl: url, dataDir: 'x' })).toEqual({
        dialect: 'postgres',
        url,
      });
    }
  });

  it('refuses anything else, naming the variable and the accepted forms, never the value', () => {
    const refuse = (databaseUrl: string) => () => storeLocation({ databaseUrl, dataDir: 'x' });
    expect(refuse('mysql://root:hunter2@db/parley')).toThrow(
      'PARLEY_DATABASE_URL has the unsupported scheme "mysql:": expected sqlite:PATH, postgres://… or postgresql://…',
    );
    expect(refuse('mysql://root:hunter2@db/parley')).not.toThrow(/hunter2/);
    expect(refuse('parley.db')).toThrow(/PARLEY_DATABASE_URL is not a database URL/);
    expect(refuse('sqlite:')).toThrow(/PARLEY_DATABASE_URL has no file path/);
    expect(refuse('sqlite://host/p.db')).toThrow(/names a host/);
    expect(refuse('postgres://bad host:x/')).toThrow(/PARLEY_DATABASE_URL is not a valid URL/);
  });
});

describe('describeStore', () => {
  it('says which database, without a password', () => {
    expect(describeStore({ dataDir: '/srv/p' })).toBe('SQLite /srv/p/parley.db');
    const described = describeStore({
      databaseUrl: 'postgres://parley:s3cret@db.example:5432/parley?password=other',
      dataDir: 'x',
    });
    expect(described).toBe('PostgreSQL postgres://parley:***@db.example:5432/parley');
    expect(described).not.toMatch(/s3cret|other/);
  });
});

describe('openStore', () => {
  it('opens the default SQLite file, creating the data folder', async () => {
    const dataDir = join(dir, 'fresh', 'data');
    const store = await openStore({ dataDir });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(existsSync(join(dataDir, 'parley.db'))).toBe(true);
      await store.ping();
    } finally {
      await store.close();
    }
  });

  it('opens sqlite:PATH, creating its folder', async () => {
    const path = join(dir, 'elsewhere', 'db', 'p.db');
    const store = await openStore({ databaseUrl: `sqlite:${path}`, dataDir: join(dir, 'unused') });
    try {
      expect(existsSync(path)).toBe(true);
      expect(existsSync(join(dir, 'unused'))).toBe(false);
    } finally {
      await store.close();
    }
  });
});

describePostgres('openStore on PostgreSQL', () => {
  it('opens a postgres:// URL', async () => {
    const database = await createTestDatabase('parley_open');
    try {
      const store = await openStore({ databaseUrl: database.url, dataDir: join(dir, 'pg') });
      try {
        expect(store.dialect).toBe('postgres');
        expect(store.migrationsApplied).toEqual([
          '0001_initial.sql',
          '0002_conversations_api.sql',
          '0003_conversation_claims.sql',
        ]);
        await store.ping();
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
