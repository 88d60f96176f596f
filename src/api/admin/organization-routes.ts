/** `GET` and `PUT /v1/organization` (studio-api.md §9.5). */
import { notFound } from '../../engine/errors.js';
import { route } from '../route.js';
import type { RouteDef } from '../route.js';
import type { AdminDeps } from './keys-routes.js';
import { updateOrganization } from './organization.js';
import { organizationPatchSchema, organizationViewSchema } from './schemas.js';
import { organizationView } from './views.js';

export function organizationRoutes(deps: AdminDeps): RouteDef[] {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  return [
    route({
      method: 'GET',
      url: '/v1/organization',
      surface: 'studio',
      tags: ['Organization'],
      summary: "The credential's organization",
      auth: { anyOf: ['bots:read'] },
      responses: { 200: { description: 'The organization', schema: organizationViewSchema } },
      async handle({ principal }) {
        const org = await store.getOrg(principal.orgId);
        if (!org) throw notFound('organization');
        return { body: organizationView(org) };
      },
    }),
    route({
      method: 'PUT',
      url: '/v1/organization',
      surface: 'studio',
      tags: ['Organization'],
      summary: 'Rename the organization or set its default bot',
      description:
        'The default bot is the one the Conversations API uses when a request names none; `defaultBotId: null` clears it.',
      auth: { anyOf: ['bots:manage'], orgLevel: true },
      body: organizationPatchSchema,
      responses: { 200: { description: 'The organization', schema: organizationViewSchema } },
      async handle({ principal, body }) {
        const org = await updateOrganization(store, principal.orgId, body, now());
        return { body: organizationView(org) };
      },
    }),
  ];
}
