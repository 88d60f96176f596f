/**
 * The rules of making a key (studio-api.md §9.3), shared by `POST /v1/keys` and `parley keys
 * create`: known permissions only, none that the issuer lacks, no organization-level key from
 * a bot-bound issuer, and a bot of the issuer's organization.
 */
import { EngineError, notFound } from '../../engine/errors.js';
import type { Store } from '../../engine/store.js';
import { createApiKey } from '../auth/keys.js';
import type { CreatedApiKey } from '../auth/keys.js';
import type { ServerSecret } from '../auth/server-secret.js';
import { PERMISSIONS } from '../principal.js';
import type { Principal } from '../principal.js';

export interface KeyRequest {
  readonly botId: string | null;
  readonly name: string | null;
  readonly permissions: readonly string[];
}

const KNOWN: ReadonlySet<string> = new Set(PERMISSIONS);

/** Permissions that grant nothing but the ones they name (studio-api.md §2.4). */
const SHORTHANDS: Readonly<Record<string, readonly string[]>> = {
  'conversations:*': ['conversations:read', 'conversations:write'],
};

/** Checks the request against the issuer and stores the key; its secret is in the answer only. */
export async function issueKey(
  store: Pick<Store, 'transaction'>,
  serverSecret: Pick<ServerSecret, 'encrypt'>,
  issuer: Pick<Principal, 'orgId' | 'botId' | 'permissions'>,
  request: KeyRequest,
  now: number,
): Promise<CreatedApiKey> {
  if (request.permissions.length === 0) {
    throw new EngineError(
      'bad_request',
      'permissions must name at least one permission',
      'permissions',
    );
  }
  request.permissions.forEach((permission, index) => {
    if (!KNOWN.has(permission)) {
      throw new EngineError(
        'bad_request',
        `unknown permission "${permission}" (known: ${PERMISSIONS.join(', ')})`,
        `permissions[${index}]`,
      );
    }
  });
  const permissions = [...new Set(request.permissions)];

  if (issuer.botId !== null && request.botId === null) {
    throw new EngineError(
      'forbidden',
      'A credential bound to a bot cannot create an organization-level key',
    );
  }
  // Another bot than the issuer's own looks missing (§2.2: ids do not leak).
  if (issuer.botId !== null && request.botId !== issuer.botId) throw notFound('bot');
  // Each requested permission must be held (implied ones count: bots:manage holds bots:read).
  // conversations:* is only a name for read and write together, so holding both is enough.
  const lacking = permissions.filter(
    (permission) =>
      !issuer.permissions.has(permission) &&
      !(SHORTHANDS[permission]?.every((p) => issuer.permissions.has(p)) ?? false),
  );
  if (lacking.length > 0) {
    throw new EngineError(
      'forbidden',
      `A credential cannot grant permissions it lacks: ${lacking.join(', ')}`,
    );
  }

  return store.transaction(async (repos) => {
    if (request.botId !== null && !(await repos.getBot(issuer.orgId, request.botId))) {
      throw notFound('bot');
    }
    return createApiKey(
      repos,
      serverSecret,
      { orgId: issuer.orgId, botId: request.botId, name: request.name, permissions },
      now,
    );
  });
}
