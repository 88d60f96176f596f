/** `parley keys create|list|revoke` in-process, on a real SQLite file in a fresh data folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAuthenticator } from '../../../src/api/auth/authenticate.js';
import { loadServerSecret } from '../../../src/api/auth/server-secret.js';
import { keysCommandFor } from '../../../src/cli/commands/keys.js';
import type { CliContext } from '../../../src/cli/context.js';
import { EXIT_OK, EXIT_USAGE } from '../../../src/cli/exit-codes.js';
import { bot } from '../../store/fixtures.js';
import { openStore } from '../../../src/store/open-store.js';
import { T0 } from './fixture.js';

const ORG = '0195a3c0-0000-7000-8000-000000000001';
const BOT = '0195a3c0-0000-7000-8000-0000000000b1';

let dataDir: string;
let env: Record<string, string>;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'parley-keys-'));
  env = { PARLEY_DATA_DIR: dataDir };
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function seed(): Promise<void> {
  const store = await openStore({ dataDir });
  await store.insertOrg({
    id: ORG,
    name: 'Default',
    defaultBotId: null,
    createdAt: T0,
    updatedAt: T0,
  });
  await store.insertBot(bot(ORG, BOT, { name: 'Bot', createdAt: T0, updatedAt: T0 }));
  await store.close();
}

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function keys(...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let code = EXIT_OK;
  const ctx: CliContext = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    exit: (c) => (code = Math.max(code, c)),
  };
  try {
    await keysCommandFor(ctx, env).parseAsync(args, { from: 'user' });
  } catch (error) {
    // Commander usage errors (exitOverride) are usage, as run() in program.ts decides.
    if (error instanceof Error && error.name === 'CommanderError')
      code = Math.max(code, EXIT_USAGE);
    else throw error;
  }
  return { code, out, err };
}

describe('parley keys', () => {
  it('reports a configuration it cannot use', async () => {
    env = { PARLEY_DATA_DIR: dataDir, PARLEY_DATABASE_URL: 'mysql://db/parley' };
    expect(await keys('list')).toMatchObject({ code: EXIT_USAGE, out: '' });
    expect((await keys('list')).err).toMatch(/^parley keys list: PARLEY_DATABASE_URL must be/);
    await seed();
    env = { PARLEY_DATA_DIR: dataDir, PARLEY_SECRET: 'too short' };
    const run = await keys('create', '-p', 'bots:read');
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.err).toMatch(
      /^parley keys create: cannot load the server secret: PARLEY_SECRET must be/,
    );
  });

  it('needs the default organization', async () => {
    const run = await keys('list');
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.err).toMatch(/^parley keys list: the database has no organization yet/);
  });

  it('creates a key whose token authenticates, lists it, revokes it', async () => {
    await seed();
    const created = await keys(
      'create',
      '--permission',
      'bots:read',
      'conversations:write',
      '--permission',
      'keys:manage',
      '--bot',
      BOT,
      '--name',
      'web',
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(EXIT_OK);
    const token = /^ {2}(pk_[0-9A-Z]{12}\.[\w-]{43})$/m.exec(created.out)?.[1];
    expect(token).toBeDefined();
    const keyId = token!.split('.')[0]!;
    expect(created.out).toContain(`Created API key ${keyId} (web)`);
    expect(created.out).toContain('permissions: bots:read, conversations:write, keys:manage');

    // The token works against the same database and data-folder secret, as the server reads them.
    const store = await openStore({ dataDir });
    const secret = await loadServerSecret({ dataDir });
    const authenticate = createAuthenticator({ store, serverSecret: secret });
    const principal = await authenticate(
      'studio',
      { anyOf: ['bots:read'] },
      {
        authorization: `Bearer ${token!}`,
      },
    );
    expect(principal).toMatchObject({ kind: 'key', orgId: ORG, botId: BOT, channelId: keyId });
    await store.close();

    const listed = await keys('list', '--json');
    expect(JSON.parse(listed.out)).toEqual([
      {
        id: keyId,
        name: 'web',
        botId: BOT,
        permissions: ['bots:read', 'conversations:write', 'keys:manage'],
        createdAt: expect.stringMatching(/Z$/),
        lastUsedAt: expect.stringMatching(/Z$/),
      },
    ]);
    expect(listed.out).not.toContain(token!.split('.')[1]);
    const table = (await keys('list')).out.split('\n');
    expect(table[0]).toMatch(/^ID +NAME +BOT +PERMISSIONS +CREATED +LAST USED$/);
    expect(table[1]).toContain(keyId);

    expect(await keys('revoke', keyId)).toEqual({
      code: EXIT_OK,
      out: `Revoked API key ${keyId}.\n`,
      err: '',
    });
    expect((await keys('list')).out).toBe('No API keys.\n');
    const again = await keys('revoke', keyId);
    expect(again.code).toBe(EXIT_USAGE);
    expect(again.err).toBe(`parley keys revoke: no key ${keyId} in the default organization\n`);
  });

  it('prints the created key as JSON', async () => {
    await seed();
    const run = await keys('create', '-p', 'bots:manage,conversations:*', '--json');
    const body = JSON.parse(run.out);
    expect(Object.keys(body)).toEqual([
      'id',
      'secret',
      'token',
      'name',
      'botId',
      'permissions',
      'createdAt',
    ]);
    expect(body).toMatchObject({
      name: null,
      botId: null,
      permissions: ['bots:manage', 'conversations:*'],
    });
    expect(body.token).toBe(`${body.id}.${body.secret}`);
  });

  it('refuses unknown permissions, unknown bots and a missing --permission', async () => {
    await seed();
    const unknown = await keys('create', '--permission', 'bots:*');
    expect(unknown.code).toBe(EXIT_USAGE);
    expect(unknown.err).toMatch(/^parley keys create: unknown permission "bots:\*"/);
    const bot = await keys('create', '--permission', 'bots:read', '--bot', 'nope');
    expect(bot).toMatchObject({ code: EXIT_USAGE, err: 'parley keys create: bot not found\n' });
    const missing = await keys('create');
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.err).toMatch(/--permission/);
    expect((await keys('list', '--json')).out).toBe('[]\n');
  });
});
