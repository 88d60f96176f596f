/**
 * The SQLite Store (ARCHITECTURE.md "Storage"), on better-sqlite3: the default, embedded.
 *
 * Durability: WAL with `synchronous = FULL`, so a turn whose commit returned (and which was
 * therefore answered) survives a process or OS crash.
 *
 * Locking: the store has one connection, and better-sqlite3 runs each statement synchronously
 * while the code between them awaits. Without more, a second caller could issue its statements
 * on the connection while a first one's transaction is open: they would read its uncommitted
 * writes, or commit or roll back with it. So every use of the connection, reads included, takes
 * the store-wide lock (a FIFO mutex) for its whole length: a transaction runs alone from
 * `BEGIN IMMEDIATE` to `COMMIT`, and a lone read waits for it. Within one process, transactions
 * (turns) thus run one at a time; between processes on one file, SQLite serializes writers
 * (`BEGIN IMMEDIATE`, waiting up to `busy_timeout`). A turn first takes its conversation's
 * mutex (sql-store.ts), then this lock; `LockOptions.waitMs` bounds the two waits together.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import { Mutex } from '../engine/memory-store.js';
import { LockTimeoutError } from '../engine/store.js';
import { migrateSqlite } from './migrate.js';
import type { SqlConnection, SqlRow, SqlValue } from './sql.js';
import { SqlStore } from './sql-store.js';
import type { SqlDriver, TransactionOptions } from './sql-store.js';

/** How long `BEGIN IMMEDIATE` waits for another process's write transaction, in ms. */
const BUSY_TIMEOUT_MS = 10_000;

/** The statements of one connection, prepared once each. */
class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite';
  private readonly statements = new Map<string, Database.Statement<SqlValue[]>>();

  constructor(private readonly db: Database.Database) {}

  all<R = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    const statement = this.prepare(sql);
    if (!statement.reader) {
      statement.run(...params);
      return Promise.resolve([]);
    }
    return Promise.resolve(statement.all(...params) as R[]);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const statement = this.prepare(sql);
    if (statement.reader) return Promise.resolve(statement.all(...params).length);
    return Promise.resolve(statement.run(...params).changes);
  }

  private prepare(sql: string): Database.Statement<SqlValue[]> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<SqlValue[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

const isBusy = (error: unknown) =>
  error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_BUSY');

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  private readonly conn: SqliteConnection;
  /** Store-wide: one user of the connection at a time (see the file comment). */
  private readonly lock = new Mutex();
  private closed = false;

  constructor(readonly db: Database.Database) {
    this.conn = new SqliteConnection(db);
  }

  async autocommit<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work(this.conn);
    } finally {
      release?.();
    }
  }

  async transaction<T>(
    work: (conn: SqlConnection) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const timeout = () => new LockTimeoutError(options.conversationId ?? '');
    const release = await this.acquire(options.deadline);
    if (!release) throw timeout();
    try {
      try {
        this.db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        // Another process held the write lock for all of busy_timeout.
        throw isBusy(error) && options.conversationId !== undefined ? timeout() : error;
      }
      try {
        const result = await work(this.conn);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      release();
    }
  }

  lockConversation(): Promise<void> {
    // BEGIN IMMEDIATE took the database's write lock: no other writer runs until COMMIT.
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Wait for the work in progress and queued before: closing under it would cut it short.
    const release = await this.lock.acquire();
    if (this.db.open) this.db.close();
    this.closed = true;
    release?.();
  }

  private async acquire(deadline?: number) {
    if (this.closed) throw new Error('the store is closed');
    const release = await this.lock.acquire(deadline);
    if (release && !this.db.open) {
      release();
      throw new Error('the store is closed');
    }
    return release;
  }
}

export class SqliteStore extends SqlStore {
  override readonly dialect = 'sqlite';

  private constructor(
    private readonly driverOf: SqliteDriver,
    applied: readonly string[],
  ) {
    super(driverOf, applied);
  }

  /** The connection, for tests that look at pragmas or rows directly. */
  get db(): Database.Database {
    return this.driverOf.db;
  }

  /**
   * Opens the database file at `path` (creating it and its folder if needed) and applies the
   * migrations it lacks; `:memory:` for a private in-memory database.
   */
  static open(path: string): SqliteStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL'); // an in-memory database stays in `memory` mode
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const applied = migrateSqlite(db);
      return new SqliteStore(new SqliteDriver(db), applied);
    } catch (error) {
      db.close();
      throw error;
    }
  }
}
