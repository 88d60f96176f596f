/**
 * `POST /oauth/token` (textbots-api.md A1): the client-credentials grant. The client is an API
 * key (`Authorization: Basic base64(<keyId>:<secret>)`); the answer is an opaque access token
 * acting with the key's organization, bot binding and current permissions. Failures are OAuth
 * 2.0 bodies (`{"error", "error_description"}`, src/api/errors.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';

import { z } from 'zod';

import { EngineError } from '../../engine/errors.js';
import type { Repos } from '../../engine/store.js';
import { createAccessToken } from '../auth/access-tokens.js';
import { verifyKeySecret } from '../auth/keys.js';
import { route } from '../route.js';
import type { RouteDef } from '../route.js';

export interface OAuthDeps {
  readonly store: Pick<Repos, 'findKey' | 'insertAccessToken'>;
  /** PARLEY_TOKEN_TTL_SECONDS. */
  readonly ttlSeconds: number;
  readonly now?: () => number;
}

const INVALID_CLIENT = 'Invalid login credentials.';

/** `<keyId>:<secret>` of a Basic header, or null. */
function basicCredentials(headers: IncomingHttpHeaders): { id: string; secret: string } | null {
  const header = headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded.
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return null;
  }
}

/** The form body: every field a string (other fields ignored); absent when empty. */
const formSchema = z.record(z.string(), z.string()).optional();

export function oauthRoutes(deps: OAuthDeps): RouteDef[] {
  const now = deps.now ?? Date.now;
  return [
    route({
      method: 'POST',
      url: '/oauth/token',
      surface: 'oauth',
      tags: ['Textbots'],
      summary: 'Client credentials grant: an access token for an API key',
      description:
        'Authorization: Basic base64(<keyId>:<secret>), body grant_type=client_credentials ' +
        '(application/x-www-form-urlencoded).',
      auth: false,
      body: formSchema,
      responses: {
        200: {
          description: 'The access token',
          schema: z.object({
            access_token: z.string(),
            token_type: z.literal('bearer'),
            expires_in: z.number(),
          }),
        },
        400: { description: 'invalid_request or unsupported_grant_type' },
        401: { description: 'invalid_client' },
      },
      async handle({ headers, body }) {
        const credentials = basicCredentials(headers);
        const key = credentials
          ? await verifyKeySecret(deps.store, credentials.id, credentials.secret)
          : null;
        if (!credentials || !key) throw new EngineError('unauthorized', INVALID_CLIENT);
        const grant = body?.grant_type;
        if (grant === undefined || grant === '') {
          throw new EngineError(
            'bad_request',
            'grant_type is missing: send grant_type=client_credentials',
          );
        }
        if (grant !== 'client_credentials') {
          throw new EngineError(
            'bad_request',
            `grant_type ${JSON.stringify(grant)} is not supported: use client_credentials`,
            { details: { wireCode: 'unsupported_grant_type' } },
          );
        }
        const minted = await createAccessToken(deps.store, key, deps.ttlSeconds, now());
        return {
          status: 200,
          headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
          body: { access_token: minted.token, token_type: 'bearer', expires_in: minted.expiresIn },
        };
      },
    }),
  ];
}
