/**
 * Numbered SQL migrations (ARCHITECTURE.md "Storage"): files named `NNNN_name.sql`, applied in
 * number order, each recorded in `schema_migrations`. Applying is idempotent: files already
 * recorded are skipped, so it runs at every start.
 *
 * The files live next to this module (`migrations/sqlite/`) both in `src` (tsx, vitest) and in
 * `dist`, where the build copies them (scripts/copy-migrations.js).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

export const SQLITE_MIGRATIONS_DIR = fileURLToPath(
  new URL('./migrations/sqlite/', import.meta.url),
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

/**
 * Applies the migrations of `dir` not yet recorded, all in one `BEGIN IMMEDIATE` transaction
 * (a failing file leaves the schema as it was; two processes starting at once do not both
 * apply a file). Returns the names of the files applied now. Throws when the database records
 * a migration this code does not know: it was written by a newer Parley.
 */
export function migrateSqlite(db: Database, dir: string = SQLITE_MIGRATIONS_DIR): string[] {
  const migrations = readMigrations(dir);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const apply = db.transaction(() => {
    const rows = db.prepare('SELECT version FROM schema_migrations').all() as {
      version: number;
    }[];
    const applied = new Set(rows.map((row) => row.version));
    const unknown = [...applied].filter((v) => !migrations.some((m) => m.version === v));
    if (unknown.length > 0) {
      throw new Error(
        `the database has migration ${unknown.join(', ')}, unknown to this version of Parley`,
      );
    }
    const record = db.prepare(
      'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
    );
    const names: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      names.push(migration.name);
    }
    return names;
  });
  return apply.immediate();
}
