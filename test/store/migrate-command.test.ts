import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { migrateCommandFor } from '../../src/cli/commands/migrate.js';
import type { CliContext } from '../../src/cli/context.js';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { createTestDatabase, describePostgres } from './postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `parley migrate` with `env`; its output and exit code. */
async function migrate(env: Record<string, string>) {
  let out = '';
  let err = '';
  let code = EXIT_OK;
  const ctx: CliContext = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    exit: (c) => (code = Math.max(code, c)),
  };
  await migrateCommandFor(ctx, env).parseAsync([], { from: 'user' });
  return { out, err, code };
}

describe('parley migrate', () => {
  it('applies the migrations of the default SQLite file once, then finds it up to date', async () => {
    const dataDir = join(dir, 'data');
    const first = await migrate({ PARLEY_DATA_DIR: dataDir });
    expect(first).toEqual({
      out: `applied 0001_initial.sql\napplied 0002_conversations_api.sql\napplied 0003_conversation_claims.sql\nSQLite ${dataDir}/parley.db is up to date: 3 migrations applied\n`,
      err: '',
      code: EXIT_OK,
    });
    expect(existsSync(join(dataDir, 'parley.db'))).toBe(true);
    const again = await migrate({ PARLEY_DATA_DIR: dataDir });
    expect(again.out).toBe(`SQLite ${dataDir}/parley.db is up to date: no migration to apply\n`);
    expect(again.code).toBe(EXIT_OK);
  });

  it('uses PARLEY_DATABASE_URL=sqlite:PATH', async () => {
    const path = join(dir, 'other', 'p.db');
    const result = await migrate({ PARLEY_DATABASE_URL: `sqlite:${path}`, PARLEY_DATA_DIR: dir });
    expect(result.out).toContain(`SQLite ${path} is up to date`);
    expect(existsSync(path)).toBe(true);
  });

  it('exits 2 with a clear message on a bad URL or a database it cannot open', async () => {
    const bad = await migrate({ PARLEY_DATABASE_URL: 'mysql://root:pw@db/x' });
    expect(bad.code).toBe(EXIT_USAGE);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/^parley migrate: PARLEY_DATABASE_URL has the unsupported scheme/);
    expect(bad.err).not.toContain('pw');

    const notADatabase = join(dir, 'not-a-db');
    writeFileSync(notADatabase, 'plain text, not SQLite');
    const broken = await migrate({ PARLEY_DATABASE_URL: `sqlite:${notADatabase}` });
    expect(broken.code).toBe(EXIT_USAGE);
    expect(broken.err).toMatch(new RegExp(`^parley migrate: SQLite ${notADatabase}: `));

    const unreachable = await migrate({
      PARLEY_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
    });
    expect(unreachable.code).toBe(EXIT_USAGE);
    expect(unreachable.err).toMatch(
      /^parley migrate: PostgreSQL postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none: /,
    );
    expect(unreachable.err).not.toContain('secret');
  });

  it('is a command of the parley program', async () => {
    const dataDir = join(dir, 'via-program');
    const saved = process.env.PARLEY_DATA_DIR;
    const savedUrl = process.env.PARLEY_DATABASE_URL;
    process.env.PARLEY_DATA_DIR = dataDir;
    delete process.env.PARLEY_DATABASE_URL;
    try {
      expect(await run(['node', 'parley', 'migrate'])).toBe(EXIT_OK);
      expect(existsSync(join(dataDir, 'parley.db'))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.PARLEY_DATA_DIR;
      else process.env.PARLEY_DATA_DIR = saved;
      if (savedUrl !== undefined) process.env.PARLEY_DATABASE_URL = savedUrl;
    }
  });
});

describePostgres('parley migrate on PostgreSQL', () => {
  it('applies the migrations of a postgres:// database once', async () => {
    const database = await createTestDatabase('parley_migrate_cli');
    try {
      const first = await migrate({ PARLEY_DATABASE_URL: database.url });
      expect(first.code).toBe(EXIT_OK);
      expect(first.out).toMatch(
        /^applied 0001_initial\.sql\napplied 0002_conversations_api\.sql\napplied 0003_conversation_claims\.sql\nPostgreSQL postgres:\/\/.* is up to date: 3 migrations applied\n$/,
      );
      const again = await migrate({ PARLEY_DATABASE_URL: database.url });
      expect(again.out).toMatch(/is up to date: no migration to apply\n$/);
    } finally {
      await database.drop();
    }
  });
});
