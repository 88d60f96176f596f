/**
 * PostgreSQL for tests: `PARLEY_TEST_POSTGRES_URL` names a server (and a database to connect
 * to for administration, e.g. postgres://postgres@127.0.0.1:5432/postgres). Each test file makes
 * its own database with a random name and drops it at the end.
 *
 * Without the variable, PostgreSQL tests are skipped with a visible message; on CI (`CI` set)
 * they fail instead, so that a CI without PostgreSQL cannot pass unnoticed.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { describe, it } from 'vitest';

/** The admin URL, or undefined when the variable is unset or empty. */
export const TEST_POSTGRES_URL: string | undefined =
  process.env.PARLEY_TEST_POSTGRES_URL?.trim() || undefined;

/** ARCHITECTURE.md "Configuration": on for any value but empty, 0 and false. */
function switchOn(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false'].includes(value.trim().toLowerCase());
}

const SKIPPED = 'PARLEY_TEST_POSTGRES_URL is unset';

/**
 * `describe` for tests that need PostgreSQL. With the variable unset: `describe.skip` named
 * "<name> skipped: PARLEY_TEST_POSTGRES_URL is unset" plus a warning, or on CI one failing test.
 */
export function describePostgres(name: string, body: () => void): void {
  if (TEST_POSTGRES_URL !== undefined) {
    describe(name, body);
  } else if (switchOn(process.env.CI)) {
    describe(name, () => {
      it('has a PostgreSQL server (PARLEY_TEST_POSTGRES_URL)', () => {
        throw new Error(`${SKIPPED}: CI must run the PostgreSQL tests (see .ci/run)`);
      });
    });
  } else {
    console.warn(`${name} skipped: ${SKIPPED}`);
    describe.skip(`${name} skipped: ${SKIPPED}`, body);
  }
}

export interface TestDatabase {
  /** postgres://… of the new database. */
  readonly url: string;
  readonly name: string;
  /** Drops the database, ending whatever connections are still open on it. */
  drop(): Promise<void>;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (TEST_POSTGRES_URL === undefined) throw new Error(SKIPPED);
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the test server, named `<prefix>_<random>`. */
export async function createTestDatabase(prefix = 'parley_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Empties every table of Parley's schema (between tests that share one database). */
export async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `TRUNCATE organizations, bots, api_keys, access_tokens, flows, versions, conversations,
         turns, messages, memories RESTART IDENTITY CASCADE`,
    );
  } finally {
    await client.end();
  }
}
