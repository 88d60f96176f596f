/** `POST`, `GET /v1/keys` and `DELETE /v1/keys/{keyId}` (studio-api.md §9.3). */
import { notFound } from '../../engine/errors.js';
import type { Store } from '../../engine/store.js';
import type { ServerSecret } from '../auth/server-secret.js';
import { route } from '../route.js';
import type { RouteDef } from '../route.js';
import { issueKey } from './key-issuance.js';
import { createdKeyViewSchema, keyParams, keyViewSchema, newKeySchema } from './schemas.js';
import { createdKeyView, keyView } from './views.js';

export interface AdminDeps {
  readonly store: Store;
  readonly serverSecret: ServerSecret;
  readonly now?: () => number;
}

/** keys:manage on an organization-level credential (§2.4). */
const MANAGE_KEYS = { anyOf: ['keys:manage'], orgLevel: true } as const;

export function keysRoutes(deps: AdminDeps): RouteDef[] {
  const { store, serverSecret } = deps;
  const now = deps.now ?? Date.now;
  return [
    route({
      method: 'POST',
      url: '/v1/keys',
      surface: 'studio',
      tags: ['Keys'],
      summary: 'Create an API key',
      description:
        'The answer holds the secret and the token (`<id>.<secret>`): they are shown this once. A credential cannot grant a permission it lacks.',
      auth: MANAGE_KEYS,
      body: newKeySchema,
      responses: { 201: { description: 'The key, with its secret', schema: createdKeyViewSchema } },
      async handle({ principal, body }) {
        const created = await issueKey(
          store,
          serverSecret,
          principal,
          { botId: body.botId ?? null, name: body.name ?? null, permissions: body.permissions },
          now(),
        );
        return { status: 201, body: createdKeyView(created) };
      },
    }),
    route({
      method: 'GET',
      url: '/v1/keys',
      surface: 'studio',
      tags: ['Keys'],
      summary: "List the organization's API keys (never their secrets)",
      auth: MANAGE_KEYS,
      responses: { 200: { description: 'The keys', schema: keyViewSchema.array() } },
      async handle({ principal }) {
        const keys = await store.listKeys(principal.orgId);
        return { body: keys.map(keyView) };
      },
    }),
    route({
      method: 'DELETE',
      url: '/v1/keys/:keyId',
      surface: 'studio',
      tags: ['Keys'],
      summary: 'Revoke an API key and the access tokens minted from it',
      auth: MANAGE_KEYS,
      params: keyParams,
      responses: { 204: { description: 'Revoked' } },
      async handle({ principal, params }) {
        if (!(await store.deleteKey(principal.orgId, params.keyId))) throw notFound('key');
        return { status: 204 };
      },
    }),
  ];
}
