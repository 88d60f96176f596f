/**
 * Counts the SQL statements the process sends to its database, at the drivers themselves
 * (better-sqlite3's statements and `exec`, pg's `Client.query`), so that a test can see how
 * many round trips an operation costs. Transaction control (BEGIN, SAVEPOINT, COMMIT) counts:
 * on PostgreSQL each is a round trip like any other.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface StatementCounter {
  /** The statements sent since the counter started (or was reset), in order. */
  readonly statements: string[];
  reset(): void;
  stop(): void;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function patch(target: object, name: string, record: (self: unknown, args: unknown[]) => void) {
  const holder = target as Record<string, Method>;
  const original = holder[name]!;
  holder[name] = function (this: unknown, ...args: unknown[]) {
    record(this, args);
    return original.apply(this, args);
  };
  return () => {
    holder[name] = original;
  };
}

export function countStatements(): StatementCounter {
  const statements: string[] = [];
  const probe = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as object;
  probe.close();
  const sqlOf = (self: unknown) => (self as { source: string }).source;
  const restores = [
    ...['run', 'get', 'all', 'iterate'].map((name) =>
      patch(statementProto, name, (self) => statements.push(sqlOf(self))),
    ),
    patch(Database.prototype, 'exec', (_self, args) => statements.push(String(args[0]))),
    patch(pg.Client.prototype, 'query', (_self, args) => {
      const first = args[0];
      statements.push(
        typeof first === 'string' ? first : String((first as { text?: unknown }).text),
      );
    }),
  ];
  return {
    statements,
    reset() {
      statements.length = 0;
    },
    stop() {
      for (const restore of restores) restore();
    },
  };
}
