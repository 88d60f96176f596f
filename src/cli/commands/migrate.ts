/**
 * `parley migrate`: applies the configured database's missing migrations (the server also does
 * at every start) and says which it applied. For operators who migrate before rolling out new
 * server processes, or who want to see that a database is up to date.
 */
import { Command } from 'commander';

import { describeStore, openStore, storeLocation } from '../../store/open-store.js';
import type { StoreConfig } from '../../store/open-store.js';
import type { CliContext } from '../context.js';
import { EXIT_USAGE } from '../exit-codes.js';

const HELP_AFTER = `
The database comes from the server's environment variables: PARLEY_DATABASE_URL
(sqlite:PATH, postgres://… or postgresql://…), else <PARLEY_DATA_DIR>/parley.db
(PARLEY_DATA_DIR defaults to ./data). Applying is idempotent: migrations already
applied are skipped. A database migrated by a newer Parley is refused.

Exit codes: 0 the database is up to date, 2 bad configuration or a database that
cannot be opened or migrated, 3 internal error.`;

type Env = Readonly<Record<string, string | undefined>>;

export function migrateCommand(ctx: CliContext): Command {
  return migrateCommandFor(ctx, process.env);
}

/** The command reading its configuration from `env` (tests pass their own). */
export function migrateCommandFor(ctx: CliContext, env: Env): Command {
  return new Command('migrate')
    .description("apply the database's missing migrations")
    .addHelpText('after', HELP_AFTER)
    .action(async () => {
      await migrate(ctx, env);
    });
}

function storeConfig(env: Env): StoreConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  return { databaseUrl: get('PARLEY_DATABASE_URL'), dataDir: get('PARLEY_DATA_DIR') ?? './data' };
}

async function migrate(ctx: CliContext, env: Env): Promise<void> {
  const fail = (error: unknown) => {
    ctx.err(`parley migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    ctx.exit(EXIT_USAGE);
  };
  const config = storeConfig(env);
  let described: string;
  try {
    described = describeStore(storeLocation(config));
  } catch (error) {
    fail(error);
    return;
  }
  let applied: readonly string[];
  try {
    const store = await openStore(config);
    applied = store.migrationsApplied;
    await store.close();
  } catch (error) {
    // Unreachable server, bad credentials, a file that is not a database, a newer schema.
    fail(new Error(`${described}: ${error instanceof Error ? error.message : String(error)}`));
    return;
  }
  for (const name of applied) ctx.out(`applied ${name}\n`);
  ctx.out(
    applied.length === 0
      ? `${described} is up to date: no migration to apply\n`
      : `${described} is up to date: ${applied.length} migration${applied.length === 1 ? '' : 's'} applied\n`,
  );
}
