/**
 * `parley keys create|list|revoke`: manage the default organization's API keys straight in the
 * configured database (PARLEY_DATABASE_URL / PARLEY_DATA_DIR, with PARLEY_SECRET or the data
 * folder's secret to encrypt new secrets), for operators with shell access to the server.
 */
import { Command } from 'commander';

import { issueKey } from '../../api/admin/key-issuance.js';
import { createdKeyView, keyView } from '../../api/admin/views.js';
import type { KeyView } from '../../api/admin/views.js';
import { loadServerSecret } from '../../api/auth/server-secret.js';
import type { ServerSecret } from '../../api/auth/server-secret.js';
import { readConfig } from '../../api/config.js';
import type { ServerConfig } from '../../api/config.js';
import { PERMISSIONS } from '../../api/principal.js';
import { EngineError } from '../../engine/errors.js';
import type { Organization, Store } from '../../engine/store.js';
import { openStore } from '../../store/open-store.js';
import type { CliContext } from '../context.js';
import { EXIT_USAGE } from '../exit-codes.js';

const HELP_AFTER = `
The keys belong to the default organization, created by the server's first start
(parley serve). The database and the secret come from the server's environment
variables: PARLEY_DATA_DIR (./data), PARLEY_DATABASE_URL, PARLEY_SECRET.

Permissions:
  ${PERMISSIONS.join('\n  ')}

Examples:
  parley keys create --permission bots:manage 'conversations:*' --name ci
  parley keys create --permission conversations:write --bot <bot id> --name web-widget
  parley keys list
  parley keys revoke pk_7Q2M4XK9TBV3`;

/** What a subcommand works with; the store is closed after it. */
interface KeysContext {
  readonly store: Store;
  readonly secret: ServerSecret;
  readonly org: Organization;
}

/** A failure the user can fix: printed as `parley keys <sub>: <message>`, exit code 2. */
class KeysUsageError extends Error {}

export function keysCommand(ctx: CliContext): Command {
  return keysCommandFor(ctx, process.env);
}

/** The command reading its configuration from `env` (tests pass their own). */
export function keysCommandFor(
  ctx: CliContext,
  env: Readonly<Record<string, string | undefined>>,
): Command {
  const run =
    <A extends unknown[]>(sub: string, work: (keys: KeysContext, ...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await withKeys(env, (keys) => work(keys, ...args));
      } catch (error) {
        if (error instanceof KeysUsageError || error instanceof EngineError) {
          ctx.err(`parley keys ${sub}: ${error.message}\n`);
          ctx.exit(EXIT_USAGE);
          return;
        }
        throw error;
      }
    };

  // Set before the subcommands are added, which copy these settings: the program applies them
  // to its direct subcommands only, and a usage error must reach run() rather than exit.
  const keys = new Command('keys')
    .description("manage the default organization's API keys")
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({ writeOut: ctx.out, writeErr: ctx.err })
    .helpOption('-h, --help', 'print help')
    .helpCommand('help [command]', 'print help for a command');

  keys
    .command('create')
    .description('create a key and print its token (shown only this once)')
    .requiredOption(
      '-p, --permission <permissions...>',
      'permissions the key holds (repeat the option, or list them)',
    )
    .option('--bot <botId>', 'bind the key to one bot (default: organization-level)')
    .option('--name <name>', 'a name to recognize the key by')
    .option('--json', 'print the created key as JSON (with its secret and token)')
    .action(
      run(
        'create',
        async (
          { store, secret, org },
          options: { permission: string[]; bot?: string; name?: string; json?: boolean },
        ) => {
          const permissions = options.permission.flatMap((p) => p.split(',')).filter((p) => p);
          const created = await issueKey(
            store,
            secret,
            { orgId: org.id, botId: null, permissions: new Set(PERMISSIONS) },
            { botId: options.bot ?? null, name: options.name ?? null, permissions },
            Date.now(),
          );
          if (options.json === true) {
            ctx.out(`${JSON.stringify(createdKeyView(created), null, 2)}\n`);
            return;
          }
          const { record } = created;
          ctx.out(
            [
              `Created API key ${record.id}${record.name === null ? '' : ` (${record.name})`}`,
              `  bound to: ${record.botId === null ? 'the organization (every bot)' : `bot ${record.botId}`}`,
              `  permissions: ${record.permissions.join(', ')}`,
              '',
              'Token (shown only this once, keep it safe):',
              '',
              `  ${created.token}`,
              '',
            ].join('\n'),
          );
        },
      ),
    );

  keys
    .command('list')
    .description('list the keys (never their secrets)')
    .option('--json', 'print the keys as a JSON array')
    .action(
      run('list', async ({ store, org }, options: { json?: boolean }) => {
        const views = (await store.listKeys(org.id)).map(keyView);
        if (options.json === true) ctx.out(`${JSON.stringify(views, null, 2)}\n`);
        else ctx.out(views.length === 0 ? 'No API keys.\n' : formatTable(views));
      }),
    );

  keys
    .command('revoke')
    .description('delete a key; it and the access tokens minted from it stop working at once')
    .argument('<keyId>', 'the key id (pk_…)')
    .action(
      run('revoke', async ({ store, org }, keyId: string) => {
        if (!(await store.deleteKey(org.id, keyId))) {
          throw new KeysUsageError(`no key ${keyId} in the default organization`);
        }
        ctx.out(`Revoked API key ${keyId}.\n`);
      }),
    );

  return keys;
}

async function withKeys(
  env: Readonly<Record<string, string | undefined>>,
  work: (keys: KeysContext) => Promise<void>,
): Promise<void> {
  // The server's own reading of the environment, so that both find the same database and
  // derive the same keys from the same secret.
  let config: ServerConfig;
  try {
    config = readConfig(env);
  } catch (error) {
    throw new KeysUsageError(error instanceof Error ? error.message : String(error));
  }
  const { dataDir } = config;
  const store = await usage('cannot open the database', () =>
    openStore({ databaseUrl: config.databaseUrl, dataDir }),
  );
  try {
    const org = await store.defaultOrg();
    if (!org) {
      throw new KeysUsageError(
        'the database has no organization yet: start the server once (parley serve) to create it',
      );
    }
    const secret = await usage('cannot load the server secret', () =>
      loadServerSecret({
        ...(config.secret === undefined ? {} : { secret: config.secret }),
        dataDir,
      }),
    );
    await work({ store, secret, org });
  } finally {
    await store.close();
  }
}

/** Runs a step whose failure comes from the configuration: a usage error, with `what`. */
async function usage<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new KeysUsageError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function formatTable(keys: readonly KeyView[]): string {
  const header = ['ID', 'NAME', 'BOT', 'PERMISSIONS', 'CREATED', 'LAST USED'];
  const rows = keys.map((k) => [
    k.id,
    k.name ?? '-',
    k.botId ?? '(organization)',
    k.permissions.join(','),
    k.createdAt,
    k.lastUsedAt ?? 'never',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
