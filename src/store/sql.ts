/**
 * What the shared SQL code (sql-repos.ts, sql-turns.ts, sql-store.ts) needs from a database
 * connection. Statements are written once with `?` placeholders; the PostgreSQL driver numbers
 * them (`$1`, `$2`, …). Both dialects accept the rest of the SQL written there as is.
 */

/** A bound parameter. Booleans are stored as 0/1 (SQLite has no boolean type). */
export type SqlValue = string | number | bigint | null;

export type SqlRow = Record<string, unknown>;

export interface SqlConnection {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a statement and returns its rows (none for a write without RETURNING). */
  all<R = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a write and returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export async function first<R = SqlRow>(
  conn: SqlConnection,
  sql: string,
  params?: readonly SqlValue[],
): Promise<R | null> {
  return (await conn.all<R>(sql, params))[0] ?? null;
}

/** `?` → `$1`, `$2`, … outside quoted text (the statements here quote nothing with `?`). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let quoted = false;
  let out = '';
  for (const char of sql) {
    if (char === "'") quoted = !quoted;
    out += char === '?' && !quoted ? `$${++n}` : char;
  }
  return out;
}
