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
 * the store-wide lock (a FIFO mutex) for its whole length. Between processes on one file,
 * SQLite serializes writers (`BEGIN IMMEDIATE`, waiting up to `busy_timeout`). A turn first
 * takes its conversation's mutex (sql-store.ts), then this lock; `LockOptions.waitMs` bounds
 * the two waits together.
 *
 * Group commit: a commit in FULL mode waits for the disk (about 1 ms here), and better-sqlite3
 * waits synchronously, so one commit per turn would cap a process at a few hundred turns per
 * second. Instead each unit of work (a transaction, or an autocommit call) runs inside a
 * savepoint of a shared transaction, and when it is done the lock passes on with the
 * transaction still open; once no unit waits after one turn of the event loop (or at the 128th
 * unit, or 20 ms after the batch began) the batch commits for all. Every unit's result is handed out only
 * after that commit, so nothing is answered before it is durable, and nobody sees a write that
 * could still be rolled back. A unit that throws is rolled back to its savepoint alone; a
 * failed commit fails every unit of the batch.
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

/** Units sharing one open transaction, settled together when it commits. */
class Batch {
  readonly startedAt = Date.now();
  private readonly settlers: ((failure?: unknown) => void)[] = [];

  get size(): number {
    return this.settlers.length;
  }

  /** A promise of `value` that resolves once the batch has committed. */
  hold<T>(value: T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.settlers.push((failure?: unknown) => {
        if (failure === undefined) resolve(value);
        else reject(new Error('the transaction failed to commit', { cause: failure }));
      });
    });
  }

  /** Settles every unit: resolved, or rejected with the commit's failure. */
  settle(failure?: unknown): void {
    for (const settle of this.settlers) settle(failure);
  }
}

const MAX_BATCH_UNITS = 128;
const MAX_BATCH_MS = 20;

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  private readonly conn: SqliteConnection;
  /** Store-wide: one user of the connection at a time (see the file comment). */
  private readonly lock = new Mutex();
  /** The open shared transaction, while units pass the lock on (see the file comment). */
  private batch: Batch | null = null;
  private flushScheduled = false;
  private closed = false;

  constructor(readonly db: Database.Database) {
    this.conn = new SqliteConnection(db);
  }

  autocommit<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    // A unit of the batch like any transaction: its reads may see the batch's writes, so its
    // answer, too, waits for the commit.
    return this.transaction(work);
  }

  async transaction<T>(
    work: (conn: SqlConnection) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const timeout = () => new LockTimeoutError(options.conversationId ?? '');
    const release = await this.acquire(options.deadline);
    if (!release) throw timeout();
    let batch: Batch;
    try {
      batch = this.openBatch(options, timeout);
    } catch (error) {
      release();
      throw error;
    }
    let result: T;
    this.db.exec('SAVEPOINT parley_unit');
    try {
      result = await work(this.conn);
      this.db.exec('RELEASE parley_unit');
    } catch (error) {
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK TO parley_unit');
        this.db.exec('RELEASE parley_unit');
      }
      this.endUnit(release);
      throw error;
    }
    const held = batch.hold(result);
    this.endUnit(release);
    return held;
  }

  lockConversation(): Promise<void> {
    // BEGIN IMMEDIATE took the database's write lock: no other writer runs until COMMIT.
    return Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Wait for the work in progress and queued before: closing under it would cut it short.
    const release = await this.lock.acquire();
    if (this.batch) this.commitBatch();
    if (this.db.open) this.db.close();
    this.closed = true;
    release?.();
  }

  private openBatch(options: TransactionOptions, timeout: () => Error): Batch {
    if (this.batch) return this.batch;
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      // Another process held the write lock for all of busy_timeout.
      throw isBusy(error) && options.conversationId !== undefined ? timeout() : error;
    }
    this.batch = new Batch();
    return this.batch;
  }

  /**
   * Passes the lock on inside the open transaction when others wait; otherwise lets the event
   * loop turn once (requests in flight may reach the lock meanwhile and join the batch) and
   * then commits, unless the batch is already full or old enough to commit now.
   */
  private endUnit(release: () => void): void {
    const batch = this.batch;
    if (batch !== null) {
      const young = batch.size < MAX_BATCH_UNITS && Date.now() - batch.startedAt < MAX_BATCH_MS;
      if (!young) this.commitBatch();
      else if (this.lock.waiting === 0) this.scheduleFlush();
    }
    // Synchronous with the checks above: the lock goes straight to a waiter (Mutex).
    release();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      void this.lock.acquire().then((release) => {
        this.flushScheduled = false;
        try {
          if (this.db.open) this.commitBatch();
        } finally {
          release?.();
        }
      });
    });
  }

  private commitBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      batch.settle(error ?? new Error('COMMIT failed'));
      return;
    }
    batch.settle();
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
