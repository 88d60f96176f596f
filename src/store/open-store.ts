/**
 * Which database the server uses (ARCHITECTURE.md "Configuration"): `PARLEY_DATABASE_URL` is
 * `sqlite:PATH` (absolute, or relative to the working directory), `postgres://…` or
 * `postgresql://…`; unset, the SQLite file `<PARLEY_DATA_DIR>/parley.db`.
 */
import { resolve } from 'node:path';

import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';

export interface StoreConfig {
  /** PARLEY_DATABASE_URL; unset or empty: the default SQLite file. */
  readonly databaseUrl?: string | undefined;
  /** PARLEY_DATA_DIR, already resolved or relative to the working directory. */
  readonly dataDir: string;
}

export type StoreLocation =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string };

const ACCEPTED = 'sqlite:PATH, postgres://… or postgresql://…';

function invalid(reason: string): Error {
  return new Error(`PARLEY_DATABASE_URL ${reason}: expected ${ACCEPTED}`);
}

/** Where the configured database is; throws a clear Error on a value it cannot use. */
export function storeLocation(config: StoreConfig): StoreLocation {
  const url = config.databaseUrl?.trim() ?? '';
  if (url === '') return { dialect: 'sqlite', path: resolve(config.dataDir, 'parley.db') };
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    // sqlite:///abs/file.db is the URL form of an absolute path; sqlite://host/… has a host.
    if (path.startsWith('//')) {
      if (!path.startsWith('///')) throw invalid('names a host after sqlite://');
      path = path.slice(2);
    }
    if (path === '') throw invalid('has no file path after sqlite:');
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    if (!URL.canParse(url)) throw invalid('is not a valid URL');
    return { dialect: 'postgres', url };
  }
  // Never echo the value: it may hold a password.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1];
  throw invalid(scheme ? `has the unsupported scheme "${scheme}:"` : 'is not a database URL');
}

/** The configured database, for logs: the file path, or the URL without its password. */
export function describeStore(config: StoreConfig | StoreLocation): string {
  const location = 'dialect' in config ? config : storeLocation(config);
  if (location.dialect === 'sqlite') return `SQLite ${location.path}`;
  const url = new URL(location.url);
  if (url.password !== '') url.password = '***';
  url.search = ''; // query parameters may carry credentials too (password=, sslkey=)
  return `PostgreSQL ${url.toString()}`;
}

/**
 * Opens the configured database and applies its missing migrations. A SQLite file's folder
 * (the data folder, by default) is created when missing.
 */
export async function openStore(config: StoreConfig): Promise<SqliteStore | PostgresStore> {
  const location = storeLocation(config);
  return location.dialect === 'postgres'
    ? PostgresStore.open(location.url)
    : SqliteStore.open(location.path);
}
