/**
 * First start (studio-api.md §9.6): on an empty database, in one transaction, the default
 * organization, the demo bot built as version 1 and made the default bot, and an admin API key
 * whose token is returned once for the console. A later start finds the organization and
 * creates nothing.
 */
import type { BotService } from '../engine/bots.js';
import type { BuildService } from '../engine/builds.js';
import { DEMO_BOT } from '../engine/demo-bot.js';
import { newId } from '../engine/ids.js';
import type { Store } from '../engine/store.js';
import { createApiKey } from './auth/keys.js';
import type { ServerSecret } from './auth/server-secret.js';
import { PERMISSIONS } from './principal.js';

/** Every permission but the `conversations:*` shorthand, which the others already cover. */
const ADMIN_PERMISSIONS = PERMISSIONS.filter((p) => p !== 'conversations:*');

export interface FirstStart {
  readonly orgId: string;
  readonly demoBotId: string;
  /** `<keyId>.<secret>`: shown once, never stored in clear. */
  readonly adminToken: string;
}

/** Creates the first-start objects; null when the database already has an organization. */
export async function firstStart(
  store: Store,
  services: { readonly bots: BotService; readonly builds: BuildService },
  secret: ServerSecret,
  now: () => number = Date.now,
): Promise<FirstStart | null> {
  return store.transaction(async (repos) => {
    await repos.lockFirstStart();
    if ((await repos.orgCount()) > 0) return null;
    const at = now();
    const orgId = newId();
    await repos.insertOrg({
      id: orgId,
      name: 'Default',
      defaultBotId: null,
      createdAt: at,
      updatedAt: at,
    });
    const { bot } = await services.bots.createIn(repos, orgId, DEMO_BOT);
    await services.builds.buildIn(repos, orgId, bot.id);
    await repos.updateOrg({
      id: orgId,
      name: 'Default',
      defaultBotId: bot.id,
      createdAt: at,
      updatedAt: at,
    });
    const key = await createApiKey(
      repos,
      secret,
      { orgId, botId: null, name: 'admin', permissions: [...ADMIN_PERMISSIONS] },
      at,
    );
    return { orgId, demoBotId: bot.id, adminToken: key.token };
  });
}

/** What the console shows after a first start (the token appears nowhere else). */
export function firstStartBanner(result: FirstStart, baseUrl: string): string {
  const body =
    '{"client": {"user_id": "me"}, "payload": {"content_type": "text", "content": {"text": "hello"}}}';
  return [
    '',
    'Parley first start: created the Default organization, the demo bot (version 1) and an admin API key.',
    'Admin API key (shown only this once, keep it safe):',
    '',
    `  ${result.adminToken}`,
    '',
    'Chat with the demo bot:',
    '',
    `curl -s ${baseUrl}/v1/bots/${result.demoBotId}/chat -H 'Authorization: Bearer ${result.adminToken}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
    '',
    'Or open the web studio in a browser and sign in with this key:',
    '',
    `  ${baseUrl}/studio/`,
    '',
  ].join('\n');
}
