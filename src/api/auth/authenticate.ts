/**
 * Who is calling, and may they call this route (studio-api.md §2.1-2.2, textbots-api.md A2-A3,
 * conversations-api.md §3). Every check reads the store: no process-local cache, so a revoked
 * key stops working at once in every process sharing the database.
 *
 * | surface        | accepted credentials                                               |
 * |----------------|--------------------------------------------------------------------|
 * | studio         | key bearer, access token, admin token, signed, public (chat only)  |
 * | textbots/oauth | key bearer, access token                                           |
 * | conversations  | key bearer, session token (through `sessionTokens`, issue 7)       |
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { ApiKeyRecord, Repos } from '../../engine/store.js';
import { effectivePermissions, PERMISSIONS } from '../principal.js';
import type { CredentialKind, Principal } from '../principal.js';
import type { AuthRequirement, Surface } from '../route.js';
import { verifyPublic, verifySigned } from './api-key-headers.js';
import { AuthError } from './auth-error.js';
import { constantTimeEqual, hashSecret, parseBearer, verifyKeySecret } from './keys.js';
import { MIN_SECRET_LENGTH } from './server-secret.js';
import type { ServerSecret } from './server-secret.js';

export type Authenticate = (
  surface: Surface,
  requirement: AuthRequirement | false,
  headers: IncomingHttpHeaders,
) => Promise<Principal>;

/**
 * Verifies a Conversations session token (a JWT: three dot-separated parts) and answers its
 * principal, or throws an AuthError. Session tokens belong to issue 7; until a verifier is
 * given, such bearers are refused like any invalid credential.
 */
export type SessionTokenVerifier = (token: string, now: number) => Promise<Principal>;

export interface AuthenticatorOptions {
  readonly store: Pick<Repos, 'findKey' | 'touchKey' | 'findAccessToken' | 'defaultOrg'>;
  readonly serverSecret: Pick<ServerSecret, 'decrypt'>;
  /** PARLEY_ADMIN_TOKEN (at least 32 characters), accepted on the Studio surface only. */
  readonly adminToken?: string;
  readonly sessionTokens?: SessionTokenVerifier;
  readonly now?: () => number;
}

/** `lastUsedAt` is written at most this often per key, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

const ALL_PERMISSIONS: ReadonlySet<string> = new Set(PERMISSIONS);

export function createAuthenticator(options: AuthenticatorOptions): Authenticate {
  const { store, serverSecret, adminToken, sessionTokens } = options;
  const now = options.now ?? Date.now;
  if (adminToken !== undefined && adminToken.length < MIN_SECRET_LENGTH) {
    throw new Error(`PARLEY_ADMIN_TOKEN must be at least ${MIN_SECRET_LENGTH} characters long`);
  }

  const principalOf = async (key: ApiKeyRecord, kind: CredentialKind, at: number) => {
    // Advisory data: a failed write must not refuse a request that authenticated.
    if (key.lastUsedAt === null || at - key.lastUsedAt >= TOUCH_INTERVAL_MS) {
      await store.touchKey(key.id, at).catch(() => undefined);
    }
    const principal: Principal = {
      kind,
      orgId: key.orgId,
      botId: key.botId,
      channelId: key.id,
      permissions: effectivePermissions(key.permissions),
    };
    return principal;
  };

  const keyBearer = async (token: string, at: number): Promise<Principal> => {
    const parsed = parseBearer(token);
    const key = parsed ? await verifyKeySecret(store, parsed.keyId, parsed.secret) : null;
    if (!key) throw new AuthError('invalid', 'Invalid API key or secret');
    return principalOf(key, 'key', at);
  };

  const accessToken = async (token: string, at: number): Promise<Principal> => {
    const record = await store.findAccessToken(hashSecret(token), at);
    // findAccessToken already requires the key; reading it gives its *current* permissions.
    const key = record ? await store.findKey(record.keyId) : null;
    if (!record || !key || key.orgId !== record.orgId) {
      throw new AuthError('invalid', 'Invalid or expired token');
    }
    return principalOf(key, 'token', at);
  };

  const admin = async (): Promise<Principal> => {
    const org = await store.defaultOrg();
    if (!org) throw new Error('the admin token was used before the default organization exists');
    return {
      kind: 'admin',
      orgId: org.id,
      botId: null,
      channelId: 'admin',
      permissions: ALL_PERMISSIONS,
    };
  };

  const bearer = async (surface: Surface, token: string, at: number): Promise<Principal> => {
    switch (surface) {
      case 'studio':
        if (adminToken !== undefined && constantTimeEqual(token, adminToken)) return admin();
        return token.includes('.') ? keyBearer(token, at) : accessToken(token, at);
      case 'textbots':
      case 'oauth':
        return token.includes('.') ? keyBearer(token, at) : accessToken(token, at);
      case 'conversations': {
        const parts = token.split('.').length;
        if (parts === 2) return keyBearer(token, at);
        if (parts === 3 && sessionTokens) return sessionTokens(token, at);
        throw new AuthError(
          'invalid',
          parts === 3
            ? 'Invalid session token'
            : 'Invalid credential: this API takes an API key (<key id>.<secret>) or a session token',
        );
      }
    }
  };

  const authenticateOnly = async (
    surface: Surface,
    headers: IncomingHttpHeaders,
    requirement: AuthRequirement,
  ): Promise<Principal> => {
    const at = now();
    const authorization = headerValue(headers, 'authorization');
    // When Authorization is present it is the credential: X-Api-* headers are ignored.
    if (authorization !== undefined) {
      const match = /^(\S+)(?:\s+(.*))?$/s.exec(authorization.trim());
      const scheme = match?.[1];
      const token = match?.[2]?.trim() ?? '';
      if (scheme?.toLowerCase() !== 'bearer') {
        throw new AuthError(
          'missing',
          'Unsupported authorization scheme: send Authorization: Bearer <token>',
        );
      }
      if (token === '') throw new AuthError('missing', 'The bearer token is empty');
      return bearer(surface, token, at);
    }
    const apiKey = surface === 'studio' ? headerValue(headers, 'x-api-key') : undefined;
    const signature = surface === 'studio' ? headerValue(headers, 'x-api-signature') : undefined;
    if (apiKey !== undefined && apiKey !== '') {
      if (apiKey.includes('|') || signature !== undefined) {
        const key = await verifySigned(store, serverSecret, { apiKey, signature }, at);
        return principalOf(key, 'signed', at);
      }
      const key = await verifyPublic(store, apiKey, requirement.allowPublic === true);
      const principal = await principalOf(key, 'public', at);
      // A public key id may sit in a web page: it can chat, nothing more.
      return { ...principal, permissions: new Set(['conversations:write']) };
    }
    if (signature !== undefined) {
      throw new AuthError('invalid', 'X-Api-Signature was sent without X-Api-Key');
    }
    throw new AuthError(
      'missing',
      surface === 'studio'
        ? 'Authentication required: send Authorization: Bearer <key id>.<secret>, or signed X-Api-Key and X-Api-Signature headers'
        : 'Authentication required: send Authorization: Bearer <token>',
    );
  };

  // `false` (a route without authentication) is accepted as "any credential, no permission":
  // the server does not call this for such routes, but a caller that does gets no surprise.
  return async (surface, requirement, headers) => {
    const needs: AuthRequirement = requirement === false ? {} : requirement;
    const principal = await authenticateOnly(surface, headers, needs);
    authorize(principal, needs);
    return principal;
  };
}

/** 403 when the credential may not call a route of this requirement (studio-api.md §2.2). */
export function authorize(principal: Principal, requirement: AuthRequirement): void {
  if (requirement.orgLevel === true && principal.botId !== null) {
    throw new AuthError(
      'org_level',
      'This credential is bound to a bot; this operation needs an organization-level credential',
    );
  }
  const anyOf = requirement.anyOf ?? [];
  if (anyOf.length > 0 && !anyOf.some((p) => principal.permissions.has(p))) {
    throw new AuthError(
      'permission',
      `This credential lacks the permission ${anyOf.length === 1 ? (anyOf[0] ?? '') : `(one of) ${anyOf.join(', ')}`}`,
      anyOf,
    );
  }
}

/** A header's one value; a repeated header (an array) counts as malformed. */
function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new AuthError('invalid', `The ${name} header must be sent once`);
  }
  return value;
}
