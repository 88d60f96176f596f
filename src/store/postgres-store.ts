/**
 * The PostgreSQL Store (ARCHITECTURE.md "Storage"), on `pg`: for any number of server
 * processes sharing one database. Correctness never depends on this process's memory: a turn
 * holds its conversation's row with `SELECT … FOR UPDATE` until its transaction ends, so turns
 * of one conversation are serialized across processes; the in-process mutex of sql-store.ts
 * only keeps one process's turns from queueing on the database. `LockOptions.waitMs` bounds the
 * mutex wait, the wait for a pooled connection and the row lock (`lock_timeout`).
 */
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';

import { LockTimeoutError } from '../engine/store.js';
import { migratePostgres } from './migrate.js';
import { numberPlaceholders } from './sql.js';
import type { SqlConnection, SqlRow, SqlValue } from './sql.js';
import { SqlStore } from './sql-store.js';
import type { SqlDriver, TransactionOptions } from './sql-store.js';

const INT8_OID = 20;
/** PostgreSQL's "lock_not_available", raised when lock_timeout runs out. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * int8 (BIGINT, COUNT) as JS numbers: the schema's BIGINT columns hold epoch milliseconds,
 * counts and sequence numbers, all far below 2^53. (pg's default is a string.) Set on this
 * store's pools only, not on pg's global parsers.
 */
const types = new pg.TypeOverrides();
types.setTypeParser(INT8_OID, 'text', (text: string) => Number(text));

/** `?` placeholders numbered once per statement text. */
const numbered = new Map<string, string>();
function pgText(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sql);
    numbered.set(sql, text);
  }
  return text;
}

class PgConnection implements SqlConnection {
  readonly dialect = 'postgres';

  /** `queryable`: a pool (each statement on its own) or a client inside a transaction. */
  constructor(private readonly queryable: Pool | PoolClient) {}

  async all<R = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    const result = await this.queryable.query(pgText(sql), [...params]);
    return result.rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.queryable.query(pgText(sql), [...params]);
    return result.rowCount ?? 0;
  }
}

const isLockTimeout = (error: unknown) =>
  error instanceof Error && 'code' in error && error.code === LOCK_NOT_AVAILABLE;

class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres';
  private readonly poolConn: PgConnection;
  private closed = false;

  constructor(
    readonly pool: Pool,
    private readonly maxClients: number,
  ) {
    this.poolConn = new PgConnection(pool);
  }

  async autocommit<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    this.checkOpen();
    return work(this.poolConn);
  }

  async transaction<T>(
    work: (conn: SqlConnection) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    this.checkOpen();
    const client = await this.connect(options);
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await work(new PgConnection(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          // The connection is unusable: the pool must not hand it out again.
          broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
        });
        throw isLockTimeout(error) && options.conversationId !== undefined
          ? new LockTimeoutError(options.conversationId)
          : error;
      }
    } finally {
      client.release(broken);
    }
  }

  async lockConversation(
    conn: SqlConnection,
    conversationId: string,
    deadline?: number,
  ): Promise<void> {
    const select = 'SELECT id FROM conversations WHERE id = ? FOR UPDATE';
    if (deadline === undefined) {
      await conn.all(select, [conversationId]);
      return;
    }
    const left = Math.ceil(deadline - Date.now());
    if (left <= 0) {
      // No time left to wait, but a free row is still taken.
      await conn.all(`${select} NOWAIT`, [conversationId]);
      return;
    }
    // Local to the transaction (0 would mean "no limit"). The rest of the turn then waits for
    // other locks (memories of the same user) as long as needed.
    await conn.all("SELECT set_config('lock_timeout', ?, true)", [`${left}ms`]);
    await conn.all(select, [conversationId]);
    await conn.all("SELECT set_config('lock_timeout', '0', true)");
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('the store is closed');
  }

  /** A pooled client, waiting no longer than the deadline when the pool is exhausted. */
  private async connect(options: TransactionOptions): Promise<PoolClient> {
    const exhausted =
      this.pool.waitingCount > 0 ||
      (this.pool.idleCount === 0 && this.pool.totalCount >= this.maxClients);
    const connecting = this.pool.connect();
    if (options.deadline === undefined || !exhausted) return connecting;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<null>((resolve) => {
      timer = setTimeout(
        () => {
          resolve(null);
        },
        Math.max(0, options.deadline! - Date.now()),
      );
    });
    const client = await Promise.race([connecting, timedOut]);
    clearTimeout(timer);
    if (client) return client;
    // The client arrives later: give it back.
    connecting.then(
      (late) => {
        late.release();
      },
      () => undefined,
    );
    throw new LockTimeoutError(options.conversationId ?? '');
  }
}

export interface PostgresOptions {
  /** Pool size (default 10). */
  readonly max?: number;
  /** Errors of idle pooled connections (the server went away); the pool replaces them. */
  readonly onIdleError?: (error: Error) => void;
}

export class PostgresStore extends SqlStore {
  override readonly dialect = 'postgres';

  private constructor(
    private readonly driverOf: PostgresDriver,
    applied: readonly string[],
  ) {
    super(driverOf, applied);
  }

  /** The pool, for tests that look at rows directly. */
  get pool(): Pool {
    return this.driverOf.pool;
  }

  /** Connects to `url` (`postgres://…`) and applies the migrations the database lacks. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const max = options.max ?? 10;
    const pool = new pg.Pool({ connectionString: url, types, max, application_name: 'parley' });
    // Without a listener, an idle connection's error (a server restart) would end the process.
    pool.on('error', (error) => options.onIdleError?.(error));
    try {
      const applied = await migratePostgres(pool);
      return new PostgresStore(new PostgresDriver(pool, max), applied);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
}
