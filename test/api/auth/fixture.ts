/**
 * A store with two organizations (the first is the default one) and bots in each, plus helpers
 * to make keys and headers, for the authenticator and admin route tests.
 */
import { createHmac } from 'node:crypto';

import { createApiKey } from '../../../src/api/auth/keys.js';
import type { CreatedApiKey } from '../../../src/api/auth/keys.js';
import { serverSecretFrom } from '../../../src/api/auth/server-secret.js';
import type { ServerSecret } from '../../../src/api/auth/server-secret.js';
import type { BotRecord, Organization, Store } from '../../../src/engine/store.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { bot } from '../../store/fixtures.js';

export const T0 = Date.UTC(2025, 2, 1, 9, 30);

export interface AuthFixture {
  readonly store: Store;
  readonly secret: ServerSecret;
  readonly org: Organization;
  readonly otherOrg: Organization;
  readonly bot: BotRecord;
  readonly secondBot: BotRecord;
  readonly otherOrgBot: BotRecord;
  key(options: {
    botId?: string | null;
    permissions: string[];
    orgId?: string;
    name?: string;
  }): Promise<CreatedApiKey>;
}

const botRecord = (id: string, orgId: string, name: string): BotRecord =>
  bot(orgId, id, { name, createdAt: T0, updatedAt: T0 });

export async function authFixture(): Promise<AuthFixture> {
  const store = SqliteStore.open(':memory:');
  const secret = serverSecretFrom('a-test-server-secret-of-at-least-32-chars');
  const org: Organization = {
    id: '0195a3c0-0000-7000-8000-000000000001',
    name: 'Default',
    defaultBotId: null,
    createdAt: T0,
    updatedAt: T0,
  };
  const otherOrg: Organization = {
    ...org,
    id: '0195a3c0-0000-7000-8000-000000000002',
    name: 'Other',
  };
  await store.insertOrg(org);
  await store.insertOrg(otherOrg);
  const firstBot = botRecord('0195a3c0-0000-7000-8000-0000000000b1', org.id, 'Bot');
  const secondBot = botRecord('0195a3c0-0000-7000-8000-0000000000b2', org.id, 'Second');
  const otherOrgBot = botRecord('0195a3c0-0000-7000-8000-0000000000b3', otherOrg.id, 'Foreign');
  for (const b of [firstBot, secondBot, otherOrgBot]) await store.insertBot(b);
  return {
    store,
    secret,
    org,
    otherOrg,
    bot: firstBot,
    secondBot,
    otherOrgBot,
    key: (options) =>
      createApiKey(
        store,
        secret,
        {
          orgId: options.orgId ?? org.id,
          botId: options.botId ?? null,
          name: options.name ?? null,
          permissions: options.permissions,
        },
        T0,
      ),
  };
}

/** Studio signed-scheme headers for `key` at `unixSeconds`. */
export function signedHeaders(
  key: CreatedApiKey,
  unixSeconds: number,
  options: { secret?: string; upper?: boolean } = {},
): Record<string, string> {
  const apiKey = `${key.record.id}|${unixSeconds}`;
  let hex = createHmac('sha256', options.secret ?? key.secret)
    .update(apiKey)
    .digest('hex');
  if (options.upper === true) hex = hex.toUpperCase();
  return { 'x-api-key': apiKey, 'x-api-signature': `sha256=${hex}` };
}

export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});
