/**
 * First start (studio-api.md §9.6) when several processes start at once on one empty
 * database: exactly one creates the organization, the demo bot and the admin key; the others
 * find it and create nothing.
 */
import { tmpdir } from 'node:os';

import { expect, it } from 'vitest';

import { serverSecretFrom } from '../../src/api/auth/server-secret.js';
import { firstStart } from '../../src/api/first-start.js';
import { BotService } from '../../src/engine/bots.js';
import { BuildService } from '../../src/engine/builds.js';
import type { Store } from '../../src/engine/store.js';
import { openStore } from '../../src/store/open-store.js';
import { createTestDatabase, describePostgres } from '../store/postgres.js';

const secret = serverSecretFrom('a test secret that is at least 32 characters long');

async function raceFirstStarts(open: () => Promise<Store>) {
  const stores = await Promise.all([open(), open(), open()]);
  try {
    const results = await Promise.all(
      stores.map((store) =>
        firstStart(
          store,
          { bots: new BotService(store, secret), builds: new BuildService(store) },
          secret,
        ),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await stores[0].orgCount()).toBe(1);
    const org = await stores[1].defaultOrg();
    expect(org?.defaultBotId).toBe(results.find((r) => r !== null)?.demoBotId);
    expect(await stores[2].listVersions(org!.id, org!.defaultBotId!, { limit: 5 })).toHaveLength(1);
  } finally {
    for (const store of stores) await store.close();
  }
}

// SQLite needs no race test of its own: first start runs in one BEGIN IMMEDIATE transaction,
// which SQLite serializes across processes (three stores in one process would only deadlock
// each other's synchronous busy waits, which separate processes never do).

describePostgres('first start on PostgreSQL', () => {
  it('creates everything once when three stores race on one database', async () => {
    const database = await createTestDatabase('parley_first');
    try {
      await raceFirstStarts(() => openStore({ databaseUrl: database.url, dataDir: tmpdir() }));
    } finally {
      await database.drop();
    }
  });
});
