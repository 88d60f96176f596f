/**
 * Numbered SQL migrations (ARCHITECTURE.md "Storage"): files named `NNNN_name.sql`, one folder
 * per dialect, applied in number order, each recorded in `schema_migrations`. Applying is
 * idempotent: files already recorded are skipped, so it runs at every start. A database that
 * records a migration this code does not know was written by a newer Parley: it is refused.
 *
 * The folders live next to this module (`migrations/sqlite/`, `migrations/postgres/`) both in
 * `src` (tsx, vitest) and in `dist`, where the build copies them (scripts/copy-migrations.js).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Database } from 'better-sqlite3';
import type { Pool } from 'pg';

export const SQLITE_MIGRATIONS_DIR = fileURLToPath(
  new URL('./migrations/sqlite/', import.meta.url),
);
export const POSTGRES_MIGRATIONS_DIR = fileURLToPath(
  new URL('./migrations/postgres/', import.meta.url),
);

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_NAME = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;

/** The migrations in a folder, by version; throws on a duplicate version number. */
export function readMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir)) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new Error(`two migrations numbered ${version} in ${dir}`);
    }
    migrations.push({ version, name: file, sql: readFileSync(`${dir}/${file}`, 'utf8') });
  }
  return migrations.sort((a, b) => a.version - b.version);
}

/** The migrations to apply, given the versions the database records. */
function pending(migrations: readonly Migration[], applied: ReadonlySet<number>): Migration[] {
  const unknown = [...applied].filter((v) => !migrations.some((m) => m.version === v));
  if (unknown.length > 0) {
    throw new Error(
      `the database has migration ${unknown.sort((a, b) => a - b).join(', ')}, unknown to this ` +
        'version of Parley: it was migrated by a newer version',
    );
  }
  return migrations.filter((m) => !applied.has(m.version));
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * Applies the SQLite migrations of `dir` not yet recorded, all in one `BEGIN IMMEDIATE`
 * transaction (a failing file leaves the schema as it was; two processes starting at once do
 * not both apply a file). Returns the names of the files applied now.
 */
export function migrateSqlite(db: Database, dir: string = SQLITE_MIGRATIONS_DIR): string[] {
  const migrations = readMigrations(dir);
  const apply = db.transaction(() => {
    db.exec(CREATE_TABLE);
    const rows = db.prepare('SELECT version FROM schema_migrations').all() as {
      version: number;
    }[];
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const names: string[] = [];
    for (const migration of pending(migrations, new Set(rows.map((row) => row.version)))) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
      names.push(migration.name);
    }
    return names;
  });
  return apply.immediate();
}

/** Any fixed number: the advisory lock that serializes migrations of one database. */
const MIGRATION_LOCK = 7_286_539_001;

/**
 * Applies the PostgreSQL migrations of `dir` not yet recorded, in one transaction (PostgreSQL
 * DDL is transactional). Processes starting at once wait for each other on an advisory lock,
 * so a file is applied once. Returns the names of the files applied now.
 */
export async function migratePostgres(
  pool: Pool,
  dir: string = POSTGRES_MIGRATIONS_DIR,
): Promise<string[]> {
  const migrations = readMigrations(dir);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations',
      );
      const names: string[] = [];
      for (const migration of pending(migrations, new Set(rows.map((row) => row.version)))) {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, Date.now()],
        );
        names.push(migration.name);
      }
      await client.query('COMMIT');
      return names;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
